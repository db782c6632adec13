/**
 * The service API (/v1, as the real P3KE data service would offer it) and the simulator's own controls (/_sim).
 * Both require the bearer token; only /v1 is subject to fault injection.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  P3KE_PAGE_SIZE_DEFAULT,
  P3KE_PAGE_SIZE_MAX,
  P3KE_RECORD_KINDS,
  P3keSnapshotRequestSchema,
  type P3keRecordKind,
} from '../../domain/p3ke/records';
import type { createCursorCodec } from './cursor';
import type { FaultInjector } from './faults';
import { FaultConfigSchema } from './faults';
import { describeProblems, sendError } from './http-helpers';
import type { Population } from './population';
import { pageBody, type PreparedPages } from './prepared-pages';
import { buildSnapshot, listingTotal, readPage, snapshotIdFor, type Snapshot } from './snapshots';

export interface RouteDeps {
  population: Population;
  snapshots: Map<string, Snapshot>;
  faults: FaultInjector;
  cursors: ReturnType<typeof createCursorCodec>;
  nowMs: () => number;
  prepared: PreparedPages;
}

const PageQuerySchema = z
  .object({
    pageSize: z.coerce.number().int().min(1).max(P3KE_PAGE_SIZE_MAX).default(P3KE_PAGE_SIZE_DEFAULT),
    cursor: z.string().min(1).optional(),
    startAt: z.coerce.number().int().min(0).optional(),
  })
  .refine((q) => q.cursor === undefined || q.startAt === undefined, { message: 'give either cursor or startAt, not both' });

const MAX_SNAPSHOTS = 200;

const SnapshotParamsSchema = z.object({ id: z.string().min(1).max(100) });

const PrepareBodySchema = z.strictObject({ pageSize: z.number().int().min(1).max(P3KE_PAGE_SIZE_MAX) });

export function registerServiceRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { population, snapshots, faults, cursors, nowMs, prepared } = deps;

  app.post('/v1/snapshots', async (request, reply) => {
    const parsed = P3keSnapshotRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'BAD_REQUEST', describeProblems(parsed.error));
    const id = snapshotIdFor(population, parsed.data);
    let snapshot = snapshots.get(id);
    if (!snapshot) {
      snapshot = buildSnapshot(population, parsed.data, new Date(nowMs()));
      snapshots.set(id, snapshot);
      // Bounded memory: the oldest snapshot goes first; asking for it again rebuilds it under the same id.
      const oldest = snapshots.keys().next().value;
      if (snapshots.size > MAX_SNAPSHOTS && oldest !== undefined) {
        snapshots.delete(oldest);
        prepared.forget(oldest);
      }
    }
    const { totals } = snapshot.manifest;
    return reply.code(201).send({ snapshotId: id, families: totals.families, individuals: totals.individuals, createdAt: snapshot.createdAt });
  });

  for (const kind of P3KE_RECORD_KINDS) {
    app.get(`/v1/snapshots/:id/${kind}`, async (request, reply) => {
      const params = SnapshotParamsSchema.safeParse(request.params);
      const snapshot = params.success ? snapshots.get(params.data.id) : undefined;
      if (!snapshot) return sendError(reply, 404, 'SNAPSHOT_NOT_FOUND');
      const query = PageQuerySchema.safeParse(request.query);
      if (!query.success) return sendError(reply, 400, 'BAD_REQUEST', describeProblems(query.error));

      const total = listingTotal(snapshot, kind);
      let startAt = query.data.startAt ?? 0;
      if (query.data.cursor !== undefined) {
        const check = cursors.decode(query.data.cursor, { snapshotId: snapshot.id, kind }, nowMs(), faults.config.cursorTtlMs);
        if (!check.ok && check.problem === 'expired') return sendError(reply, 410, 'CURSOR_EXPIRED', 'resume with startAt');
        if (!check.ok) return sendError(reply, 400, 'BAD_REQUEST', 'cursor: not a cursor of this listing');
        if (faults.cursorExpiresNow()) return sendError(reply, 410, 'CURSOR_EXPIRED', 'resume with startAt');
        startAt = check.state.position;
      }
      if (startAt > total) return sendError(reply, 400, 'BAD_REQUEST', `startAt: beyond the end of the listing (${total} records)`);

      const cursorAfter = (count: number): string | null => {
        const next = startAt + count;
        return next < total ? cursors.encode({ snapshotId: snapshot.id, kind, position: next, issuedAtMs: nowMs() }) : null;
      };
      const ready = prepared.get(snapshot.id, kind, startAt, query.data.pageSize);
      if (ready) {
        const body = pageBody(ready.json, { nextCursor: cursorAfter(ready.count), startAt, total });
        return reply.code(200).type('application/json; charset=utf-8').send(body);
      }
      const items = readPage(population, snapshot, kind as P3keRecordKind, startAt, query.data.pageSize);
      return reply.code(200).send({ items, nextCursor: cursorAfter(items.length), startAt, total });
    });
  }
}

export function registerSimulatorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/_sim/snapshots/:id/manifest', async (request, reply) => {
    const params = SnapshotParamsSchema.safeParse(request.params);
    const snapshot = params.success ? deps.snapshots.get(params.data.id) : undefined;
    if (!snapshot) return sendError(reply, 404, 'SNAPSHOT_NOT_FOUND');
    return reply.send(snapshot.manifest);
  });

  // Serialises the snapshot's pages for this page size now, so serving them later is writing bytes
  // (prepared-pages.ts). The bench calls it before its timed rounds; the answer carries counts only.
  app.post('/_sim/snapshots/:id/prepare', async (request, reply) => {
    const params = SnapshotParamsSchema.safeParse(request.params);
    const snapshot = params.success ? deps.snapshots.get(params.data.id) : undefined;
    if (!snapshot) return sendError(reply, 404, 'SNAPSHOT_NOT_FOUND');
    const body = PrepareBodySchema.safeParse(request.body ?? {});
    if (!body.success) return sendError(reply, 400, 'BAD_REQUEST', describeProblems(body.error));
    return reply.send(deps.prepared.prepare(deps.population, snapshot, body.data.pageSize));
  });

  app.get('/_sim/faults', async (_request, reply) => reply.send(deps.faults.config));

  app.put('/_sim/faults', async (request, reply) => {
    const parsed = FaultConfigSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'BAD_REQUEST', describeProblems(parsed.error));
    return reply.send(deps.faults.set(parsed.data));
  });
}
