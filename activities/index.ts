/**
 * Every activity the worker registers, built from its dependencies. Workflows import this module as a type only
 * (`proxyActivities<ReturnType<typeof createActivities>>`), never as a value.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { createAssignmentActivities } from './assignment/assignment-activities';
import { createCampaignActivities } from './campaign-activities';
import { createCheckActivities } from './checks/check-activities';
import { createCloseoutActivities } from './closeout/closeout-activities';
import { createEscalationActivities } from './escalation/escalation-activities';
import { createFieldResultActivities } from './field/field-result-activities';
import { createIngestActivities } from './ingest/ingest-activities';
import { createPlanActivities } from './planning/plan-activities';
import type { FaultInjector } from './faults';
import type { P3keClient } from './p3ke/p3ke-client';

export interface ActivityDeps {
  orm: MikroORM;
  p3ke: Pick<P3keClient, 'createSnapshot' | 'fetchPage'>;
  faults?: FaultInjector;
  /** Where the worker writes files (feedback and report): VERIVALI_DATA_DIR. */
  dataDir: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCampaignActivities(deps),
    ...createIngestActivities(deps),
    ...createCheckActivities(deps),
    ...createAssignmentActivities(deps),
    ...createFieldResultActivities(deps),
    ...createEscalationActivities(deps),
    ...createPlanActivities(deps),
    ...createCloseoutActivities(deps),
  };
}
