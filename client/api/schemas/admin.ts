import { z } from 'zod';
import { campaignIdSchema } from '../../../domain/contracts/campaign-config.schema';
import { isoDateTime, limitQuery } from './common';

export const officerParams = z.strictObject({ id: z.string().min(1).max(64) });

export const unavailableResponse = z.object({
  officerId: z.string(),
  available: z.literal(false),
  signalledPackages: z.array(z.string()).describe('open packages told to move to another officer'),
  notRunning: z.array(z.string()).describe('open packages whose workflow was not running to be told'),
});

export const auditQuery = z.strictObject({
  campaignId: campaignIdSchema.optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  entityId: z.string().max(255).optional(),
  beforeId: z.coerce.number().int().positive().optional().describe('page back: entries older than this id'),
  limit: limitQuery(1000, 200),
});

export const auditEntry = z
  .object({
    id: z.number(),
    at: isoDateTime,
    actor: z.string(),
    actorRole: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    campaignId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });
