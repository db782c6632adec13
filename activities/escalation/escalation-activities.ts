/**
 * The escalation case projection (the supervisors' queue) and its audit trail: opened, escalated up the chain,
 * reminded, decided. Every decision records who, when and why.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { EscalationCaseSchema } from '../../db/entities/escalation-case.entity';
import { recordAudit, SYSTEM_ACTOR } from '../../db/repositories/audit-repository';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import type { CaseDecisionInput, EscalationCaseInput, EscalationRole } from '../../domain/contracts/escalation-case';

export interface EscalationDeps {
  orm: MikroORM;
}

export function createEscalationActivities({ orm }: EscalationDeps) {
  return {
    /** Opens (or, on a re-visit round, re-opens) the case for the kecamatan supervisor. */
    async openEscalationCase(input: EscalationCaseInput & { openedAt: string }): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        const existing = await em.findOne(EscalationCaseSchema, { campaignId: input.campaignId, familyId: input.familyId });
        if (existing && existing.status === 'open' && existing.fieldResultVersion === input.fieldResultVersion) return;
        const fields = {
          packageId: input.packageId,
          kecamatanCode: input.kecamatanCode,
          desaCode: input.desaCode,
          fieldResultVersion: input.fieldResultVersion,
          mismatchTypes: input.mismatchTypes,
          severitySum: input.severitySum,
          level: 'supervisor',
          status: 'open',
          decision: null,
          decidedBy: null,
          decidedRole: null,
          reason: null,
          openedAt: new Date(input.openedAt),
          escalatedAt: null,
          decidedAt: null,
        };
        if (existing) em.assign(existing, fields);
        else em.create(EscalationCaseSchema, { campaignId: input.campaignId, familyId: input.familyId, ...fields });
        recordAudit(em, { ...SYSTEM_ACTOR, action: 'case.open', entity: 'escalation_case', entityId: `${input.campaignId}/${input.familyId}`, campaignId: input.campaignId, after: { level: 'supervisor', mismatchTypes: input.mismatchTypes, severitySum: input.severitySum } });
      });
    },

    /** Nobody answered in time: the case climbs to the next role. */
    async escalateCase(input: { campaignId: string; familyId: string; to: EscalationRole; at: string }): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        const c = await em.findOneOrFail(EscalationCaseSchema, { campaignId: input.campaignId, familyId: input.familyId });
        if (c.level === input.to) return;
        const before = { level: c.level };
        c.level = input.to;
        c.escalatedAt = new Date(input.at);
        recordAudit(em, { ...SYSTEM_ACTOR, action: 'case.escalate', entity: 'escalation_case', entityId: `${input.campaignId}/${input.familyId}`, campaignId: input.campaignId, before, after: { level: input.to } });
      });
    },

    async recordCaseDecision(input: CaseDecisionInput & { campaignId: string; familyId: string; level: EscalationRole; at: string }): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        const c = await em.findOneOrFail(EscalationCaseSchema, { campaignId: input.campaignId, familyId: input.familyId });
        if (c.status === 'decided') {
          if (c.decision === input.decision && c.decidedBy === input.decidedBy) return; // a retry after the commit
          throw ApplicationFailure.nonRetryable(`case ${input.campaignId}/${input.familyId} is already decided`, FAILURE_TYPES.invalidInput);
        }
        const before = { status: c.status, level: c.level };
        em.assign(c, { status: 'decided', decision: input.decision, decidedBy: input.decidedBy, decidedRole: input.role, reason: input.reason, decidedAt: new Date(input.at) });
        recordAudit(em, {
          actor: input.decidedBy,
          actorRole: input.role,
          action: 'case.decide',
          entity: 'escalation_case',
          entityId: `${input.campaignId}/${input.familyId}`,
          campaignId: input.campaignId,
          before,
          after: { status: 'decided', decision: input.decision, reason: input.reason, level: input.level },
        });
      });
    },

    /** A reminder that a human task is still waiting (a package, a case, the plan), kept in the audit trail. */
    async recordReminder(input: { campaignId: string; entity: string; entityId: string; waitingFor: string }): Promise<void> {
      const em = orm.em.fork();
      recordAudit(em, { ...SYSTEM_ACTOR, action: 'reminder', entity: input.entity, entityId: input.entityId, campaignId: input.campaignId, after: { waitingFor: input.waitingFor } });
      await em.flush();
    },
  };
}
