/**
 * Activities that keep the campaign's mirror row in PostgreSQL: the workflow is the authority, the row is what
 * the API and reports read without querying Temporal.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { boundRows } from '../db/bound-sql';
import { CampaignSchema } from '../db/entities/campaign.entity';
import type { CampaignConfig, CampaignCounts, CampaignPhase, CampaignStatus } from '../domain/contracts/campaign';
import { FAILURE_TYPES } from '../domain/contracts/errors';
import { noFaults, type FaultInjector } from './faults';

export interface CampaignActivityDeps {
  orm: MikroORM;
  faults?: FaultInjector;
}

export interface RegisterCampaignInput {
  campaignId: string;
  config: CampaignConfig;
  startedBy: string;
}

export interface CampaignProgressUpdate {
  campaignId: string;
  phase: CampaignPhase;
  status: CampaignStatus;
  counts: CampaignCounts;
  snapshotId: string | null;
}

export interface VerificationCounts {
  assigned: number;
  verified: number;
  mismatched: number;
  escalated: number;
  decided: number;
  revisited: number;
  openTasks: number;
  openEscalations: number;
}

export function createCampaignActivities({ orm, faults = noFaults }: CampaignActivityDeps) {
  return {
    /**
     * The verification counts, from the projections and the audit trail in one query: the workflows' own tallies
     * would count a re-visited family twice.
     */
    async countVerification(input: { campaignId: string }): Promise<VerificationCounts> {
      const [row] = await boundRows<Record<keyof VerificationCounts, string>>(
        orm.em.fork(),
        `with latest as (
           select distinct on (family_id) family_id, version, outcome from field_result
           where campaign_id = ? order by family_id, version desc
         )
         select
           (select count(distinct family_id) from package_family where campaign_id = ?) as "assigned",
           (select count(*) from latest where outcome = 'verified') as "verified",
           (select count(*) from latest l where exists (select 1 from mismatch m where m.campaign_id = ? and m.family_id = l.family_id and m.version = l.version)) as "mismatched",
           (select count(*) from audit_log where campaign_id = ? and action = 'case.open') as "escalated",
           (select count(*) from audit_log where campaign_id = ? and action = 'case.decide') as "decided",
           (select count(distinct pf.family_id) from package_family pf join work_package wp on wp.id = pf.package_id where wp.campaign_id = ? and wp.round > 1) as "revisited",
           (select count(*) from package_family where campaign_id = ? and status = 'open') as "openTasks",
           (select count(*) from escalation_case where campaign_id = ? and status = 'open') as "openEscalations"`,
        Array(8).fill(input.campaignId),
      );
      const n = (v: string | undefined): number => Number(v ?? 0);
      return {
        assigned: n(row?.assigned),
        verified: n(row?.verified),
        mismatched: n(row?.mismatched),
        escalated: n(row?.escalated),
        decided: n(row?.decided),
        revisited: n(row?.revisited),
        openTasks: n(row?.openTasks),
        openEscalations: n(row?.openEscalations),
      };
    },

    /** Creates the campaign row, or leaves it as it is on a retry; counts its attempts so retries stay visible. */
    async registerCampaign(input: RegisterCampaignInput): Promise<{ attempts: number }> {
      const attempt = Context.current().info.attempt;
      faults.check('registerCampaign:before', attempt);
      const em = orm.em.fork();
      let campaign = await em.findOne(CampaignSchema, { id: input.campaignId });
      if (!campaign) {
        campaign = em.create(CampaignSchema, {
          id: input.campaignId,
          name: input.config.name,
          status: 'running',
          phase: 'registered',
          config: input.config as unknown as Record<string, unknown>,
          snapshotId: null,
          createdBy: input.startedBy,
          counts: {},
          registrationAttempts: 0,
          completedAt: null,
        });
      } else if (campaign.createdBy !== input.startedBy) {
        throw ApplicationFailure.nonRetryable(
          `campaign ${input.campaignId} already exists, started by someone else`,
          FAILURE_TYPES.invalidInput,
        );
      }
      campaign.registrationAttempts = attempt;
      await em.flush();
      // A crash here (after the write, before Temporal hears of success) is the case retries must survive.
      faults.check('registerCampaign:afterWrite', attempt);
      return { attempts: attempt };
    },

    async recordCampaignProgress(update: CampaignProgressUpdate): Promise<void> {
      const em = orm.em.fork();
      const done = update.status !== 'running';
      const affected = await em.nativeUpdate(
        CampaignSchema,
        { id: update.campaignId },
        {
          phase: update.phase,
          status: update.status,
          counts: update.counts as unknown as Record<string, number>,
          snapshotId: update.snapshotId,
          updatedAt: new Date(),
          ...(done ? { completedAt: new Date() } : {}),
        },
      );
      if (affected === 0) {
        throw ApplicationFailure.nonRetryable(`unknown campaign ${update.campaignId}`, FAILURE_TYPES.invalidInput);
      }
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
