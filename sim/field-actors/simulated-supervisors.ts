/**
 * Simulated deciders of escalation cases: the kecamatan supervisor while a case waits at supervisor level, the
 * approving program manager once it has climbed. They read the open cases from the queue projection and decide
 * through the case's Update, with a short reason in Indonesian that names no person.
 */
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { CASE_REJECTIONS, type CaseDecision, type EscalationRole } from '../../domain/contracts/escalation-case';
import { createRng, hashInts, hashString, unitFromInts } from '../p3ke-api/prng';
import { campaignExecutionStatus, decideCase, updateRejectionType } from './actions';
import { pause } from './pacing';
import { workAsItComes } from './work-as-it-comes';
import { demoUsers, supervisorId } from './roster';

export type CaseDecisionShares = Record<CaseDecision, number>;
export const DEFAULT_CASE_DECISION_SHARES: Readonly<CaseDecisionShares> = { accept_field: 0.6, keep_p3ke: 0.3, revisit: 0.1 };

export const CASE_REASONS: Readonly<Record<CaseDecision, readonly string[]>> = {
  accept_field: [
    'Hasil kunjungan lapangan lengkap dan didukung foto; data lapangan diterima.',
    'Temuan petugas sesuai dengan keterangan aparat desa; data lapangan dipakai.',
    'Perubahan kondisi keluarga sudah dikonfirmasi; data P3KE perlu diperbarui.',
  ],
  keep_p3ke: [
    'Bukti lapangan belum cukup kuat; data P3KE dipertahankan.',
    'Perbedaan kecil dan tidak mengubah kelayakan; data P3KE tetap dipakai.',
    'Keterangan lapangan belum dapat diverifikasi dengan dokumen; data P3KE dipertahankan.',
  ],
  revisit: [
    'Temuan lapangan tidak konsisten; mohon kunjungan ulang.',
    'Foto dan isian belum lengkap; perlu dikunjungi kembali.',
  ],
};

export interface SimulatedSupervisorsInput {
  client: Client;
  orm: MikroORM;
  campaignId: string;
  seed: number;
  shares?: Partial<CaseDecisionShares>;
  /** Think time before each decision. */
  delayMs?: number;
  /**
   * Share of cases the supervisor leaves unanswered, so they climb to a program manager at the escalation
   * timeout (who then decides them). Chosen per family and field-result version, deterministically.
   */
  unansweredShare?: number;
  /**
   * Cases decided at once, over all deciders (default 16). Each kecamatan's supervisor decides one case at a
   * time, and so does the program manager for the cases that climbed.
   */
  concurrency?: number;
  /** As for the officers: ask Temporal before each look at the queue whether the campaign still runs (default true). */
  watchCampaign?: boolean;
  stopSignal?: AbortSignal;
  pollMs?: number;
}

export interface SupervisorCounts {
  decided: number;
  byDecision: Record<CaseDecision, number>;
  byLevel: Record<EscalationRole, number>;
  /** Cases the supervisor chose to leave (they climbed, or are waiting to). */
  leftUnanswered: number;
  /** Re-visits not ordered because the family had been re-visited already. */
  revisitsWithheld: number;
  rejected: number;
  rejectionsByType: Record<string, number>;
}

interface OpenCase {
  family_id: string;
  kecamatan_code: string;
  level: EscalationRole;
  field_result_version: number;
  round: number;
}

function openCases(orm: MikroORM, campaignId: string): Promise<OpenCase[]> {
  return boundRows<OpenCase>(
    orm.em.fork(),
    `select c.family_id, c.kecamatan_code, c.level, c.field_result_version, coalesce(wp.round, 1) as round
     from escalation_case c left join work_package wp on wp.id = c.package_id
     where c.campaign_id = ? and c.status = 'open' order by c.opened_at, c.family_id`,
    [campaignId],
  );
}

/** The kecamatan's supervisor on the roster, or the demo roster's id for it. */
async function supervisorsByKecamatan(orm: MikroORM): Promise<Map<string, string>> {
  const rows = await orm.em.fork().getConnection().execute<{ kecamatan_code: string; id: string }[]>(
    `select distinct on (kecamatan_code) kecamatan_code, id from officer where role = 'supervisor' order by kecamatan_code, available desc, id`,
  );
  return new Map(rows.map((r) => [r.kecamatan_code, r.id]));
}

/** A decision by the shares; a family already sent back to the field once is not sent back again. */
export function chooseCaseDecision(rng: { weighted<T>(items: readonly T[], weights: readonly number[]): T }, shares: CaseDecisionShares, revisitAllowed: boolean): CaseDecision {
  const options = (Object.keys(shares) as CaseDecision[]).filter((d) => revisitAllowed || d !== 'revisit');
  return rng.weighted(options, options.map((d) => shares[d]));
}

export async function runSimulatedSupervisors(input: SimulatedSupervisorsInput): Promise<SupervisorCounts> {
  const { client, orm, campaignId, seed } = input;
  const shares = { ...DEFAULT_CASE_DECISION_SHARES, ...input.shares };
  const stop = input.stopSignal;
  const counts: SupervisorCounts = {
    decided: 0,
    byDecision: { accept_field: 0, keep_p3ke: 0, revisit: 0 },
    byLevel: { supervisor: 0, program_manager: 0 },
    leftUnanswered: 0,
    revisitsWithheld: 0,
    rejected: 0,
    rejectionsByType: {},
  };
  /** Case versions and levels already handled (decided, refused for good, or deliberately left). */
  const handled = new Set<string>();
  let supervisors = await supervisorsByKecamatan(orm);

  async function decide(c: OpenCase): Promise<void> {
    const key = `${c.family_id}/${c.field_result_version}/${c.level}`;
    const familyHash = hashString(c.family_id);
    if (c.level === 'supervisor' && unitFromInts(seed, familyHash, c.field_result_version, 0x5a) < (input.unansweredShare ?? 0)) {
      handled.add(key);
      counts.leftUnanswered += 1;
      return;
    }
    const rng = createRng(hashInts(seed, familyHash, c.field_result_version));
    // A case from a re-visit round: the family was sent back once already.
    const revisitAllowed = c.round <= 1;
    let decision = chooseCaseDecision(rng, shares, true);
    if (decision === 'revisit' && !revisitAllowed) {
      counts.revisitsWithheld += 1;
      decision = chooseCaseDecision(rng, shares, false);
    }
    const decidedBy = c.level === 'supervisor' ? (supervisors.get(c.kecamatan_code) ?? supervisorId(c.kecamatan_code)) : demoUsers().approver.id;
    await pause(input.delayMs ?? 0, stop);
    if (stop?.aborted) return;
    try {
      await decideCase(client, {
        campaignId,
        familyId: c.family_id,
        decision: { decision, reason: rng.pick(CASE_REASONS[decision]), decidedBy, role: c.level },
        updateId: `${campaignId}/${c.family_id}/v${c.field_result_version}/decision`,
      });
      handled.add(key);
      counts.decided += 1;
      counts.byDecision[decision] += 1;
      counts.byLevel[c.level] += 1;
    } catch (err) {
      const type = updateRejectionType(err);
      // No answer: try again next round. WrongRole: the case climbed meanwhile; the queue will show its new level.
      if (type === null || type === CASE_REJECTIONS.wrongRole) return;
      handled.add(key);
      if (type === CASE_REJECTIONS.closed) return; // decided by someone else (or by this update, answered twice)
      counts.rejected += 1;
      counts.rejectionsByType[type] = (counts.rejectionsByType[type] ?? 0) + 1;
    }
  }

  const caseKey = (c: OpenCase): string => `${c.family_id}/${c.field_result_version}/${c.level}`;
  // A case opened while others are being decided is taken up as soon as its decider is free (./work-as-it-comes).
  await workAsItComes({
    poll: async () => {
      const cases = (await openCases(orm, campaignId)).filter((c) => !handled.has(caseKey(c)));
      if (cases.some((c) => c.level === 'supervisor' && !supervisors.has(c.kecamatan_code))) supervisors = await supervisorsByKecamatan(orm);
      return cases;
    },
    key: caseKey,
    group: (c) => (c.level === 'supervisor' ? `supervisor/${c.kecamatan_code}` : 'program_manager'),
    concurrency: input.concurrency ?? 16,
    work: decide,
    pollMs: input.pollMs ?? 500,
    ...(input.watchCampaign === false ? {} : { finished: async () => (await campaignExecutionStatus(client, campaignId)) !== 'RUNNING' }),
    ...(stop ? { signal: stop } : {}),
  });
  return counts;
}
