/**
 * Simulated field verifiers: they open their inbox (open work packages of the campaign), visit every family,
 * submit one result each through the package's Update, now and then send a correction, and hand the package in.
 * A refusal is handled as a person would: after a reassignment they look up who holds the package now; a lost
 * answer is sent again with the same update id, which the workflow answers once. A submission still without an
 * answer after a few tries stays in the phone's outbox and goes again, with its update id, before the hand-in.
 */
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { WORK_PACKAGE_REJECTIONS as R, type FieldResultReceipt } from '../../domain/contracts/work-package';
import type { FieldResult } from '../../domain/field-result';
import { createRng, hashInts, hashString } from '../p3ke-api/prng';
import { campaignExecutionStatus, handInPackage, packageStatus, submitFieldResult, updateRejectionType, type PackageAddress } from './actions';
import { DEFAULT_VISIT_SHARES, makeCorrection, makeFieldResult, type VisitShares } from './field-result-maker';
import { familiesToVisit, openPackages, packageOfficer, type OpenPackage, type PackageFamilyToVisit } from './package-reader';
import { pause, witaIso } from './pacing';
import { workAsItComes } from './work-as-it-comes';

export interface OfficerShares extends VisitShares {
  /** Results followed by a second version (a correction) before the hand-in. */
  correction: number;
  /** Submissions sent twice with the same update id, as a phone does when an answer is lost. */
  resend: number;
}

export const DEFAULT_OFFICER_SHARES: Readonly<OfficerShares> = { ...DEFAULT_VISIT_SHARES, correction: 0.01, resend: 0.01 };

export interface SimulatedOfficersInput {
  client: Client;
  orm: MikroORM;
  campaignId: string;
  seed: number;
  /** Packages worked at once (families within a package are visited one after another). */
  concurrency?: number;
  /**
   * Whether to ask Temporal before each look at the inbox if the campaign is still running (default true).
   * driveCampaign watches the campaign itself and stops everyone through `stopSignal`, so it turns this off.
   */
  watchCampaign?: boolean;
  shares?: Partial<OfficerShares>;
  stopSignal?: AbortSignal;
  pollMs?: number;
  /** The phones' clock; a visit is recorded a few minutes before the moment it is sent. */
  nowMs?: () => number;
}

export interface OfficerCounts {
  submitted: number;
  corrections: number;
  handedIn: number;
  rejected: number;
  /** Updates sent again with the same update id (simulated lost answers and transport retries). */
  resent: number;
  /** Resent updates whose answer differed from the first: should stay 0 (idempotency). */
  resendMismatches: number;
  /** Submissions that got no answer after a few tries and went again later from the outbox, same update id. */
  sentFromOutbox: number;
  /** Times an officer found their package had moved to someone else and carried on as the new holder. */
  reassignmentsFollowed: number;
  rejectionsByType: Record<string, number>;
}

const TRANSPORT_ATTEMPTS = 4;
const STOP_WORKING = new Set<string>([R.closed, R.pastDeadline, R.wrongOfficer]);
/** What asHolder reports when every try went without an answer (network, timeout, a lost workflow task). */
const NO_ANSWER = 'NoAnswer';

export async function runSimulatedOfficers(input: SimulatedOfficersInput): Promise<OfficerCounts> {
  const { client, orm, campaignId, seed } = input;
  const shares = { ...DEFAULT_OFFICER_SHARES, ...input.shares };
  const stop = input.stopSignal;
  const now = input.nowMs ?? Date.now;
  const counts: OfficerCounts = { submitted: 0, corrections: 0, handedIn: 0, rejected: 0, resent: 0, resendMismatches: 0, sentFromOutbox: 0, reassignmentsFollowed: 0, rejectionsByType: {} };
  const handedIn = new Set<string>();
  /** Packages whose hand-in was refused as incomplete once already: left to their deadline after a second try. */
  const incomplete = new Map<string, number>();
  /**
   * Per package, submissions that got no answer (the phone's outbox). The recording may have committed while the
   * workflow task that carried it was lost (a task timeout under load): the projection then shows the family as
   * submitted while the workflow has not accepted it. An officer's phone does not read the projection to know
   * what it sent: it sends again, with the same update id, until it has an answer.
   */
  const outbox = new Map<string, { result: FieldResult; updateId: string }[]>();

  const rejected = (type: string): void => {
    counts.rejected += 1;
    counts.rejectionsByType[type] = (counts.rejectionsByType[type] ?? 0) + 1;
  };

  /** Who holds the package now: the workflow knows first, the projection follows. */
  async function currentHolder(pkg: OpenPackage, address: PackageAddress): Promise<string | null> {
    try {
      return (await packageStatus(client, address)).officerId;
    } catch {
      return packageOfficer(orm, pkg.id);
    }
  }

  /** Runs an update as the package's current officer: its answer, or the reason it was refused for good (counted). */
  async function asHolder<T>(pkg: OpenPackage, address: PackageAddress, act: (officerId: string) => Promise<T>): Promise<{ value: T } | { refused: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: await act(pkg.officerId) };
      } catch (err) {
        const type = updateRejectionType(err);
        if (type === null) {
          // No answer (network, timeout, workflow gone): the same update id again is safe.
          if (attempt >= TRANSPORT_ATTEMPTS || stop?.aborted) {
            rejected(NO_ANSWER);
            return { refused: NO_ANSWER };
          }
          counts.resent += 1;
          await pause(250 * attempt, stop);
          continue;
        }
        if (type === R.wrongOfficer && attempt < TRANSPORT_ATTEMPTS) {
          const holder = await currentHolder(pkg, address);
          if (holder !== null && holder !== pkg.officerId) {
            pkg.officerId = holder;
            counts.reassignmentsFollowed += 1;
            continue;
          }
        }
        rejected(type);
        return { refused: type };
      }
    }
  }

  /**
   * 'stop' when the package can take nothing more from this officer now (closed, past its deadline, moved);
   * 'unanswered' when no answer came after a few tries (it goes to the outbox).
   */
  async function submit(pkg: OpenPackage, address: PackageAddress, result: FieldResult, updateId: string, resend: boolean): Promise<'recorded' | 'refused' | 'unanswered' | 'stop'> {
    const send = (officerId: string): Promise<FieldResultReceipt> => submitFieldResult(client, { package: address, submission: { officerId, result }, updateId });
    const first = await asHolder(pkg, address, send);
    if ('refused' in first) return first.refused === NO_ANSWER ? 'unanswered' : STOP_WORKING.has(first.refused) ? 'stop' : 'refused';
    if (resend) {
      counts.resent += 1;
      const again = await asHolder(pkg, address, send);
      if ('value' in again && again.value.version !== first.value.version) counts.resendMismatches += 1;
    }
    return 'recorded';
  }

  /** Sends what the package's outbox holds again: 'empty' when all of it was answered. */
  async function emptyOutbox(pkg: OpenPackage, address: PackageAddress): Promise<'empty' | 'waiting' | 'stop'> {
    const waiting = outbox.get(pkg.id) ?? [];
    const still: { result: FieldResult; updateId: string }[] = [];
    for (const item of waiting) {
      if (stop?.aborted) return 'waiting';
      counts.sentFromOutbox += 1;
      const sent = await submit(pkg, address, item.result, item.updateId, false);
      if (sent === 'stop') return 'stop';
      if (sent === 'unanswered') still.push(item);
      else if (sent === 'recorded') counts.submitted += 1;
    }
    if (still.length > 0) outbox.set(pkg.id, still);
    else outbox.delete(pkg.id);
    return still.length === 0 ? 'empty' : 'waiting';
  }

  async function workPackage(pkg: OpenPackage): Promise<void> {
    const address: PackageAddress = { campaignId, desaCode: pkg.desaCode, seq: pkg.seq };
    if ((await emptyOutbox(pkg, address)) === 'stop') return;
    const families = await familiesToVisit(orm, campaignId, pkg.id);
    for (const f of families.filter((x) => x.status === 'open')) {
      if (stop?.aborted) return;
      const { result, updateId, resend, correct } = plannedVisit({ seed, shares, nowMs: now() }, pkg, f);
      const base = `${pkg.id}/${f.family.id_keluarga_p3ke}`;
      const sent = await submit(pkg, address, result, updateId, resend);
      if (sent === 'stop') return;
      if (sent === 'unanswered') {
        outbox.set(pkg.id, [...(outbox.get(pkg.id) ?? []), { result, updateId }]);
        continue;
      }
      if (sent === 'refused') continue;
      counts.submitted += 1;
      if (!correct) continue;
      const corrected = await submit(pkg, address, makeCorrection(result, seed), `${base}/v2`, false);
      if (corrected === 'stop') return;
      if (corrected === 'recorded') counts.corrections += 1;
    }
    // Not handed in while the outbox holds a result: the package comes back at the next look at the inbox.
    if ((await emptyOutbox(pkg, address)) !== 'empty') return;
    const handIn = await asHolder(pkg, address, (officerId) => handInPackage(client, { package: address, officerId, updateId: `${pkg.id}/hand-in/${officerId}` }));
    if ('value' in handIn) {
      handedIn.add(pkg.id);
      counts.handedIn += 1;
    } else if (handIn.refused === R.notComplete) {
      incomplete.set(pkg.id, (incomplete.get(pkg.id) ?? 0) + 1);
    }
  }

  // Each look at the inbox starts the packages that are new there as soon as an officer is free (./work-as-it-comes).
  await workAsItComes({
    poll: async () => (await openPackages(orm, campaignId)).filter((p) => !handedIn.has(p.id) && (incomplete.get(p.id) ?? 0) < 2),
    key: (p) => p.id,
    concurrency: input.concurrency ?? 8,
    work: workPackage,
    pollMs: input.pollMs ?? 500,
    ...(input.watchCampaign === false ? {} : { finished: async () => (await campaignExecutionStatus(client, campaignId)) !== 'RUNNING' }),
    ...(stop ? { signal: stop } : {}),
  });
  return counts;
}

/**
 * What a simulated officer submits for one family of a package: the same result and update id for the same seed,
 * package and family (the visit time moves with the clock), so a test can send one visit itself (during an outage,
 * say) and the officers later find it done, exactly as if they had sent it.
 */
export function plannedVisit(
  o: { seed: number; shares: OfficerShares; nowMs: number },
  pkg: Pick<OpenPackage, 'id' | 'round'>,
  f: PackageFamilyToVisit,
): { result: FieldResult; updateId: string; resend: boolean; correct: boolean } {
  const familyId = f.family.id_keluarga_p3ke;
  const rng = createRng(hashInts(o.seed, hashString(`${pkg.id}/${familyId}`)));
  const visitedAt = witaIso(o.nowMs - rng.int(1, 30) * 60_000);
  const result = makeFieldResult({ seed: o.seed, family: f.family, members: f.members, visitedAt, shares: o.shares, visit: pkg.round });
  return { result, updateId: `${pkg.id}/${familyId}/v1`, resend: rng.chance(o.shares.resend), correct: rng.chance(o.shares.correction) };
}
