/**
 * Pre-verification checks over a whole campaign, set-based in SQL, in one transaction: the campaign's flags are
 * replaced as a whole, so a retry after a crash leaves exactly one set of flags.
 */
import { Context } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/postgresql';
import { bindInputs, checkStatements, PRIORITY_SQL, type CheckParams } from '../../db/sql/pre-verification-checks';
import { noFaults, type FaultInjector } from '../faults';

export interface CheckActivityDeps {
  orm: MikroORM;
  faults?: FaultInjector;
}

export interface RunChecksInput {
  campaignId: string;
  regionCodes: string[];
  /** ISO date the ages and NIK centuries are computed against: the campaign's start, so a replay agrees. */
  referenceDate: string;
}

export interface RunChecksResult {
  flaggedFamilies: number;
  flagsByCode: Record<string, number>;
}

/** Documented defaults (docs/RULES.md); a campaign may later carry its own. */
export const DEFAULT_CHECK_LIMITS = { desilTolerance: 2, headMinAge: 15, headMaxAge: 100, minParentChildGapYears: 12 } as const;

export function createCheckActivities({ orm, faults = noFaults }: CheckActivityDeps) {
  return {
    async runPreVerificationChecks(input: RunChecksInput): Promise<RunChecksResult> {
      const params: CheckParams = { ...DEFAULT_CHECK_LIMITS, ...input };
      // The ingest has just bulk-written the tables, and autovacuum may not have sampled them yet: with statistics
      // that still say "empty", the planner re-runs the NIK_DUPLICATE aggregate once per individual (quadratic,
      // minutes at a few thousand rows). Outside the transaction, so the lock ANALYZE takes is released at once.
      await orm.em.fork().getConnection().execute('analyze p3ke_family, p3ke_individual', [], 'run');
      await orm.em.fork().transactional(async (em) => {
        const run = (sql: string, bindings: unknown[]) => em.getConnection().execute(sql, bindings, 'run', em.getTransactionContext());
        await run('delete from family_flag where campaign_id = ?', [input.campaignId]);
        for (const statement of checkStatements()) {
          await run(statement.sql, bindInputs(statement, params));
          Context.current().heartbeat(statement.code);
        }
        await run(PRIORITY_SQL, [input.campaignId, input.campaignId]);
        faults.check('checks:beforeCommit', Context.current().info.attempt);
      });
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute<{ code: string | null; n: string }[]>(
          `select code, count(distinct family_id) as n from family_flag where campaign_id = ? group by rollup(code)`,
          [input.campaignId],
        );
      const total = rows.find((r) => r.code === null);
      return {
        flaggedFamilies: Number(total?.n ?? 0),
        flagsByCode: Object.fromEntries(rows.filter((r) => r.code !== null).map((r) => [r.code, Number(r.n)])),
      };
    },
  };
}
