/**
 * The Kemenko PMK P3KE data service simulator: a Fastify app over a synthetic population, with bearer-token auth
 * and fault injection. The project reaches it only through activities/p3ke/p3ke-client.ts, whose base URL and
 * token come from configuration, so the real service can take its place.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Desa } from '../../domain/regions';
import { createCursorCodec } from './cursor';
import { DEFECT_KINDS, type DefectKind } from './defects';
import { createFaultInjector, type FaultConfig, type FaultSettings } from './faults';
import { sendError, tokenMatches } from './http-helpers';
import { createPopulation, type Population } from './population';
import { createPreparedPages, type PreparedSummary } from './prepared-pages';
import { registerServiceRoutes, registerSimulatorRoutes } from './routes';
import type { Snapshot, SnapshotManifest } from './snapshots';

export const SIMULATOR_DEFAULTS = {
  seed: 20240501,
  families: 60_000,
  defectRate: 0.03,
  asOf: '2025-07-01',
} as const;

export interface P3keSimulatorOptions {
  token: string;
  seed?: number;
  families?: number;
  defectRate?: number;
  defectKinds?: readonly DefectKind[];
  asOf?: string;
  area?: readonly Desa[];
  faults?: FaultSettings;
  /** The clock used for cursor ages and createdAt; tests may move it. */
  nowMs?: () => number;
}

export interface P3keSimulator {
  app: FastifyInstance;
  population: Population;
  setFaults(settings: FaultSettings): FaultConfig;
  manifest(snapshotId: string): SnapshotManifest | undefined;
  /** What POST /_sim/snapshots/:id/prepare does; undefined for an unknown snapshot. */
  preparePages(snapshotId: string, pageSize: number): PreparedSummary | undefined;
}

export function createP3keSimulator(options: P3keSimulatorOptions): P3keSimulator {
  if (options.token.length === 0) throw new Error('the simulator needs a non-empty token');
  const seed = options.seed ?? SIMULATOR_DEFAULTS.seed;
  const population = createPopulation({
    seed,
    families: options.families ?? SIMULATOR_DEFAULTS.families,
    defectRate: options.defectRate ?? SIMULATOR_DEFAULTS.defectRate,
    defectKinds: options.defectKinds ?? DEFECT_KINDS,
    asOf: options.asOf ?? SIMULATOR_DEFAULTS.asOf,
    ...(options.area ? { area: options.area } : {}),
  });
  const faults = createFaultInjector(seed, options.faults);
  const snapshots = new Map<string, Snapshot>();
  // Derived from the seed so that a restarted simulator still accepts the cursors it handed out.
  const cursorSecret = createHash('sha256').update(`p3ke-sim-cursor:${seed}:${options.token}`).digest('hex');
  const prepared = createPreparedPages();
  const deps = { population, snapshots, faults, cursors: createCursorCodec(cursorSecret), nowMs: options.nowMs ?? Date.now, prepared };

  // Fastify's request log would carry URLs with cursors; the entry point logs counts itself.
  const app = Fastify({ logger: false });

  app.addHook('onRequest', async (request, reply) => {
    if (!tokenMatches(request, options.token)) {
      reply.header('www-authenticate', 'Bearer');
      return sendError(reply, 401, 'UNAUTHORIZED');
    }
    if (!request.url.startsWith('/v1/')) return;
    const delay = faults.delayMs();
    if (delay > 0) await sleep(delay);
    const outcome = faults.decide();
    if (outcome.kind === 'reset') {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (outcome.kind === 'status') return sendError(reply, outcome.status, outcome.code);
    if (outcome.kind === 'rate_limited') {
      reply.header('retry-after', String(outcome.retryAfterSeconds));
      return sendError(reply, 429, 'RATE_LIMITED');
    }
    return;
  });

  registerServiceRoutes(app, deps);
  registerSimulatorRoutes(app, deps);
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'NOT_FOUND'));
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    // Fastify's own errors (bad JSON, body too large) keep their status and code; messages could quote the body.
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) return sendError(reply, 500, 'INTERNAL_ERROR');
    return sendError(reply, status, 'BAD_REQUEST', error.code ?? 'request could not be read');
  });

  return {
    app,
    population,
    setFaults: (settings) => faults.set(settings),
    manifest: (snapshotId) => snapshots.get(snapshotId)?.manifest,
    preparePages: (snapshotId, pageSize) => {
      const snapshot = snapshots.get(snapshotId);
      return snapshot ? prepared.prepare(population, snapshot, pageSize) : undefined;
    },
  };
}

export interface RunningP3keSimulator extends P3keSimulator {
  url: string;
  close(): Promise<void>;
}

export async function startP3keSimulator(options: P3keSimulatorOptions & { port?: number; host?: string }): Promise<RunningP3keSimulator> {
  const simulator = createP3keSimulator(options);
  await simulator.app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = simulator.app.server.address() as AddressInfo;
  return {
    ...simulator,
    url: `http://${address.address}:${address.port}`,
    close: async () => {
      // Keep-alive sockets from clients would hold close() open otherwise.
      simulator.app.server.closeAllConnections();
      await simulator.app.close();
    },
  };
}
