/**
 * The API's entries in audit_log: every human action it forwards (`api.*`) and every read of a family's personal
 * data (`read.personal_data`). Entries carry ids, counts and decisions, never the personal data itself.
 * The workflows' activities add their own domain entries (case.decide, plan.decide...) when the action lands.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { recordAudit, type AuditEntry } from '../../db/repositories/audit-repository';
import type { AuthUser } from './auth/users';

export { API_AUDIT_ACTIONS } from '../../domain/contracts/audit-actions';

export type ApiAuditEntry = Omit<AuditEntry, 'actor' | 'actorRole'>;

/** Adds the entries to the unit of work of `em`; they commit with it. */
export function auditBy(em: EntityManager, user: AuthUser, entries: readonly ApiAuditEntry[]): void {
  for (const entry of entries) recordAudit(em, { ...entry, actor: user.id, actorRole: user.role });
}

/** Writes the entries now, in a transaction of their own. */
export async function writeAudit(orm: MikroORM, user: AuthUser, ...entries: ApiAuditEntry[]): Promise<void> {
  await orm.em.fork().transactional(async (em) => auditBy(em, user, entries));
}
