/**
 * Writes the audit log: one row per human decision, automatic escalation or read of personal data by a person.
 * Takes the caller's EntityManager so the row commits (or not) with the change it describes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditLogSchema } from '../entities/audit-log.entity';

export interface AuditEntry {
  actor: string;
  actorRole: string;
  action: string;
  entity: string;
  entityId: string;
  campaignId?: string | null;
  before?: unknown;
  after?: unknown;
}

export const SYSTEM_ACTOR = { actor: 'system', actorRole: 'system' } as const;

export function recordAudit(em: EntityManager, entry: AuditEntry): void {
  em.create(AuditLogSchema, {
    actor: entry.actor,
    actorRole: entry.actorRole,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    campaignId: entry.campaignId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
