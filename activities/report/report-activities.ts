/**
 * The campaign report, assembled from PostgreSQL (the campaign row and the set-based tables), so the workflow
 * history holds only the summary it returns.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CampaignSchema } from '../../db/entities/campaign.entity';
import { createP3keIngestRepository } from '../../db/repositories/p3ke-ingest-repository';
import { emptyCounts, type CampaignCounts, type CampaignReport, type CampaignStatus } from '../../domain/contracts/campaign';
import { FAILURE_TYPES } from '../../domain/contracts/errors';

export interface ReportActivityDeps {
  orm: MikroORM;
}

export function createReportActivities({ orm }: ReportActivityDeps) {
  return {
    async buildCampaignReport(input: { campaignId: string; status: CampaignStatus }): Promise<CampaignReport> {
      const em = orm.em.fork();
      const campaign = await em.findOne(CampaignSchema, { id: input.campaignId });
      if (!campaign) throw ApplicationFailure.nonRetryable(`unknown campaign ${input.campaignId}`, FAILURE_TYPES.invalidInput);
      const repo = createP3keIngestRepository(em);
      const flags = await em
        .getConnection()
        .execute<{ code: string; n: string }[]>(
          'select code, count(distinct family_id) as n from family_flag where campaign_id = ? group by code order by code',
          [input.campaignId],
        );
      return {
        campaignId: input.campaignId,
        status: input.status,
        snapshotId: campaign.snapshotId ?? null,
        counts: { ...emptyCounts(), ...(campaign.counts as Partial<CampaignCounts>) },
        quarantineByReason: await repo.quarantineByReason(input.campaignId),
        flagsByCode: Object.fromEntries(flags.map((f) => [f.code, Number(f.n)])),
        mismatchesByType: {},
        interventionsByProgram: {},
        feedbackFiles: [],
      };
    },
  };
}
