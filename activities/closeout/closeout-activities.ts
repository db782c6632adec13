/**
 * Close-out: the feedback files for Kemenko PMK and the campaign report, both under
 * <dataDir>/feedback/<campaignId>/. Files are complete or absent (written under a temporary name, then renamed),
 * so a retried activity simply writes them again. Families are read in pages inside one repeatable-read,
 * read-only transaction: memory stays bounded at 60,000 families and every page sees the same data.
 */
import { resolve, join } from 'node:path';
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { IsolationLevel, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { CampaignSchema, type Campaign } from '../../db/entities/campaign.entity';
import { createP3keIngestRepository } from '../../db/repositories/p3ke-ingest-repository';
import { emptyCounts, type CampaignCounts, type CampaignReport, type CampaignStatus } from '../../domain/contracts/campaign';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import { CAMPAIGN_ID_PATTERN } from '../../domain/contracts/workflow-ids';
import { interventionPlanId } from '../planning/plan-store';
import { familyPages } from '../planning/verified-families';
import { completeFiles, openAtomicFile, removeStaleTempFiles, writeFileAtomically, type AtomicFile } from './atomic-file';
import {
  FEEDBACK_COLUMNS,
  QUARANTINE_COLUMNS,
  csvHeader,
  csvRecord,
  feedbackRecord,
  type QuarantineRecord,
} from './feedback-records';
import { createReportQueries } from './report-queries';

export interface CloseoutActivityDeps {
  orm: MikroORM;
  /** Root of the files the worker writes (VERIVALI_DATA_DIR). */
  dataDir: string;
}

export const FEEDBACK_FILE_NAMES = {
  families: 'feedback.csv',
  quarantine: 'quarantine.csv',
  json: 'feedback.json',
  report: 'report.json',
} as const;

const FEEDBACK_PAGE = 2_000;
const READ_SNAPSHOT = { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true } as const;

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.invalidInput);

export function createCloseoutActivities({ orm, dataDir }: CloseoutActivityDeps) {
  /** The campaign id becomes a directory name: only the campaign id alphabet is accepted (no '/', no '..'). */
  function campaignDir(campaignId: string): string {
    if (!CAMPAIGN_ID_PATTERN.test(campaignId)) throw invalid(`campaign id "${campaignId}" is not a valid campaign id`);
    return resolve(dataDir, 'feedback', campaignId);
  }

  async function findCampaign(em: EntityManager, campaignId: string): Promise<Campaign> {
    const campaign = await em.findOne(CampaignSchema, { id: campaignId });
    if (!campaign) throw invalid(`unknown campaign ${campaignId}`);
    return campaign;
  }

  return {
    /**
     * feedback.csv and quarantine.csv (RFC 4180; text cells that would start a spreadsheet formula get a leading
     * apostrophe, see feedback-records.ts) and feedback.json with both, values as they are; returns their paths.
     */
    async writeFeedbackFiles(input: { campaignId: string }): Promise<{ files: string[] }> {
      const dir = campaignDir(input.campaignId);
      const em = orm.em.fork();
      const campaign = await findCampaign(em, input.campaignId);
      await removeStaleTempFiles(dir);
      const csv = await openAtomicFile(join(dir, FEEDBACK_FILE_NAMES.families));
      const quarantineCsv = await openAtomicFile(join(dir, FEEDBACK_FILE_NAMES.quarantine));
      const json = await openAtomicFile(join(dir, FEEDBACK_FILE_NAMES.json));
      const files = [csv, quarantineCsv, json];
      try {
        const totals = await em.transactional((tx) => streamFeedback(tx, campaign, csv, quarantineCsv, json), READ_SNAPSHOT);
        for (const file of files) await file.commit();
        log.info('feedback files written', { campaignId: input.campaignId, ...totals });
      } finally {
        for (const file of files) await file.abort();
      }
      return { files: files.map((f) => f.path) };
    },

    /** The report the workflow returns, and report.json with the breakdowns a person reads beside it. */
    async buildCampaignReport(input: { campaignId: string; status: CampaignStatus }): Promise<CampaignReport> {
      const dir = campaignDir(input.campaignId);
      const planId = interventionPlanId(input.campaignId);
      const { report, details } = await orm.em.fork().transactional(async (em) => {
        const campaign = await findCampaign(em, input.campaignId);
        const q = createReportQueries(em);
        const byTypeAndDesa = await q.mismatchesByTypeAndDesa(input.campaignId);
        const built: CampaignReport = {
          campaignId: input.campaignId,
          status: input.status,
          snapshotId: campaign.snapshotId ?? null,
          counts: { ...emptyCounts(), ...(campaign.counts as Partial<CampaignCounts>) },
          quarantineByReason: await createP3keIngestRepository(em).quarantineByReason(input.campaignId),
          flagsByCode: await q.flagsByCode(input.campaignId),
          mismatchesByType: Object.fromEntries(
            Object.entries(byTypeAndDesa).map(([type, byDesa]) => [type, Object.values(byDesa).reduce((a, b) => a + b, 0)]),
          ),
          interventionsByProgram: await q.interventionsByProgram(planId),
          planStatus: await q.planStatus(planId),
          feedbackFiles: [],
        };
        const settled = await q.settledFindings(input.campaignId, () => Context.current().heartbeat('report'));
        const precheckFlagged = await q.stuntingPrecheckFlagged(input.campaignId);
        return {
          report: built,
          details: {
            mismatchesByTypeAndDesa: byTypeAndDesa,
            familiesBySettlement: settled.familiesBySettlement,
            desilShifts: settled.desilShifts,
            stuntingRisk: { precheckFlagged, ...settled.stunting },
          },
        };
      }, READ_SNAPSHOT);

      const reportPath = join(dir, FEEDBACK_FILE_NAMES.report);
      await removeStaleTempFiles(dir);
      const onDisk = await completeFiles(dir);
      report.feedbackFiles = [...new Set([...onDisk, reportPath])].sort();
      await writeFileAtomically(reportPath, `${JSON.stringify({ ...report, ...details, generatedAt: new Date().toISOString() }, null, 2)}\n`);
      return report;
    },
  };
}

/** Writes the three files page by page; returns how many records each part has. */
async function streamFeedback(
  em: EntityManager,
  campaign: Campaign,
  csv: AtomicFile,
  quarantineCsv: AtomicFile,
  json: AtomicFile,
): Promise<{ families: number; quarantined: number }> {
  const header = { campaignId: campaign.id, snapshotId: campaign.snapshotId ?? null, generatedAt: new Date().toISOString() };
  await json.write(`${JSON.stringify(header).slice(0, -1)},"families":[`);
  await csv.write(csvHeader(FEEDBACK_COLUMNS));
  let families = 0;
  for await (const page of familyPages(em, campaign.id, { withIdentity: true, verifiedOnly: false }, FEEDBACK_PAGE)) {
    const records = page.map(feedbackRecord);
    await csv.write(records.map((r) => csvRecord(FEEDBACK_COLUMNS, r)).join(''));
    await json.write(records.map((r, i) => `${families + i === 0 ? '' : ','}\n${JSON.stringify(r)}`).join(''));
    families += records.length;
    Context.current().heartbeat(`feedback: ${families} families`);
  }

  await json.write('\n],"quarantined":[');
  await quarantineCsv.write(csvHeader(QUARANTINE_COLUMNS));
  let quarantined = 0;
  for await (const page of quarantinePages(em, campaign.id)) {
    await quarantineCsv.write(page.map((r) => csvRecord(QUARANTINE_COLUMNS, r)).join(''));
    await json.write(page.map((r, i) => `${quarantined + i === 0 ? '' : ','}\n${JSON.stringify(r)}`).join(''));
    quarantined += page.length;
  }
  await json.write(`\n],"totals":${JSON.stringify({ families, quarantined })}}\n`);
  return { families, quarantined };
}

/** Quarantined records in (kind, position) order, a page at a time; the raw record is not part of the feedback. */
async function* quarantinePages(em: EntityManager, campaignId: string): AsyncGenerator<QuarantineRecord[]> {
  let after: [string, number] = ['', -1];
  for (;;) {
    const rows = await boundRows<QuarantineRecord>(
      em,
      `select kind, source_position, source_id, reason_code, reason from quarantined_record
       where campaign_id = ? and (kind, source_position) > (?, ?)
       order by kind, source_position limit ?`,
      [campaignId, after[0], after[1], FEEDBACK_PAGE],
    );
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < FEEDBACK_PAGE) return;
    after = [last.kind, last.source_position];
  }
}
