/**
 * Benchmark 1, ingest: the service ingest (simulator over HTTP → zod validation → PostgreSQL, through the real
 * ingest activities) against raw text COPY of the same rows into the same tables with the same indexes, in
 * rows per second. The two run alternately (service, COPY, service, …) with the tables truncated before each,
 * and the medians are compared. Target ≥ 0.5.
 */
import { benchResult, type BenchResult } from './lib/result';
import { loadParams, round, timed, type BenchContext } from './lib/context';
import { copyIngestTables, exportIngestTables, truncateIngestTables, type CopyPayload } from './lib/copy-baseline';
import { ikNSnapshotSpec, ingestDirectly } from './lib/direct-ingest';
import { median } from './lib/percentile';
import { P3KE_PAGE_SIZE_MAX } from '../domain/p3ke/records';
import type { P3keClient } from '../activities/p3ke/p3ke-client';
import type { SimulatorProcess } from './lib/sim-process';

/**
 * The P3KE maximum (domain/p3ke/records.ts), which a campaign sets with `ingestPageSize`: every request, page
 * transaction and commit costs the same whatever the page's size, so the fewest pages are the cheapest.
 */
export const INGEST_PAGE_SIZE = P3KE_PAGE_SIZE_MAX;

/**
 * The real P3KE service is another machine: what it spends building and serialising its pages is not the ingest's
 * cost, but here it would share the bench's two cores with the worker and PostgreSQL (8-9 of the service side's 27
 * CPU-seconds at full size). The simulator serialises the snapshot's pages once, before the timed rounds, and then
 * serves them as bytes: the same records, cursors and faults (sim/p3ke-api/prepared-pages.ts).
 */
export async function preparePagesOfBenchSnapshot(sim: SimulatorProcess, p3ke: P3keClient): Promise<{ pages: number; bytes: number }> {
  const snapshot = await p3ke.createSnapshot(ikNSnapshotSpec());
  return sim.preparePages(snapshot.snapshotId, INGEST_PAGE_SIZE);
}

export async function benchIngestVsCopy(ctx: BenchContext): Promise<BenchResult[]> {
  const families = ctx.quick ? 6_000 : 60_000;
  const rounds = ctx.quick ? 2 : 3;
  const { databaseUrl, orm } = ctx.stack;
  const { p3ke, sim } = await ctx.stack.startSimulator(families);
  const prepared = await preparePagesOfBenchSnapshot(sim, p3ke);
  const service: number[] = [];
  const copy: number[] = [];
  let payloads: CopyPayload[] = [];
  let rows = 0;
  for (let i = 0; i < rounds; i += 1) {
    await truncateIngestTables(databaseUrl);
    const s = await timed(() => ingestDirectly({ orm, p3ke, campaignId: 'bench-ingest', pageSize: INGEST_PAGE_SIZE }));
    rows = s.value.fetched;
    service.push(rows / s.seconds);
    if (i === 0) payloads = await exportIngestTables(databaseUrl);
    await truncateIngestTables(databaseUrl);
    const c = await timed(() => copyIngestTables(databaseUrl, payloads));
    if (c.value !== rows) throw new Error(`COPY loaded ${c.value} rows but the service ingest accounted for ${rows}`);
    copy.push(c.value / c.seconds);
    ctx.say(`  round ${i + 1}/${rounds}: service ${Math.round(service[i] as number)} rows/s (${s.seconds.toFixed(1)} s), COPY ${Math.round(copy[i] as number)} rows/s (${c.seconds.toFixed(1)} s)`);
  }
  await truncateIngestTables(databaseUrl);
  return [
    benchResult({
      name: 'ingest-vs-copy',
      numerator: round(median(service), 1),
      denominator: round(median(copy), 1),
      target: { op: '>=', value: 0.5 },
      units: 'rows/s service ingest ÷ rows/s text COPY (medians)',
      params: {
        families,
        rows,
        pageSize: INGEST_PAGE_SIZE,
        rounds,
        serviceRowsPerSecond: service.map((v) => Math.round(v)).join(','),
        copyRowsPerSecond: copy.map((v) => Math.round(v)).join(','),
        copyBytes: payloads.reduce((n, p) => n + p.text.length, 0),
        simulator: 'own process, pages prepared before the timed rounds (POST /_sim/snapshots/:id/prepare)',
        simulatorPreparedPages: prepared.pages,
        simulatorPreparedBytes: prepared.bytes,
        ...loadParams(),
      },
    }),
  ];
}
