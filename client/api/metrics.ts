/**
 * Prometheus metrics (prom-client) in a registry of this API instance: requests, latency and errors by route
 * template and status (never by raw URL: ids would explode the label set), and campaigns by status and phase from
 * the campaign table, read at scrape time.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql, num } from './queries/sql';

export interface ApiMetrics {
  registry: Registry;
}

export function installMetrics(app: FastifyInstance, orm: MikroORM, options: { processMetrics: boolean }): ApiMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'verivali_api_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const errors = new Counter({ name: 'verivali_api_request_errors_total', help: 'HTTP requests answered with a 4xx or 5xx status', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'verivali_api_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'verivali_campaigns',
    help: 'Campaigns by status and phase (campaign table)',
    labelNames: ['status', 'phase'],
    registers: [registry],
    async collect() {
      const rows = await sql<{ status: string; phase: string; n: string }>(orm.em.fork(), 'select status, phase, count(*) as n from campaign group by status, phase');
      this.reset();
      for (const r of rows) this.set({ status: r.status, phase: r.phase }, num(r.n));
    },
  });
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'verivali_api_' });

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    if (reply.statusCode >= 400) errors.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });
  return { registry };
}
