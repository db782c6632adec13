/**
 * Every activity the worker registers, built from its dependencies. Workflows import this module as a type only
 * (`proxyActivities<ReturnType<typeof createActivities>>`), never as a value.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { createCampaignActivities } from './campaign-activities';
import { createCheckActivities } from './checks/check-activities';
import { createIngestActivities } from './ingest/ingest-activities';
import { createReportActivities } from './report/report-activities';
import type { FaultInjector } from './faults';
import type { P3keClient } from './p3ke/p3ke-client';

export interface ActivityDeps {
  orm: MikroORM;
  p3ke: Pick<P3keClient, 'createSnapshot' | 'fetchPage'>;
  faults?: FaultInjector;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCampaignActivities(deps),
    ...createIngestActivities(deps),
    ...createCheckActivities(deps),
    ...createReportActivities(deps),
  };
}
