/**
 * The one place that installs the Temporal SDK Runtime for a process that runs workers (workers/main.ts,
 * scripts/start.ts, the demo). The Runtime is per process and can be installed only once, before the first
 * NativeConnection or Worker, so every entry point calls installWorkerRuntime first and nothing else installs it.
 *
 * With a metrics address the Runtime serves the SDK's own metrics (task slots, poll results, workflow and
 * activity completions and latencies, all prefixed `temporal_`) on http://<address>/metrics for Prometheus.
 * The labels are task queue, namespace, workflow and activity type: never ids or payloads.
 */
import { isIP } from 'node:net';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { freePort, isListening } from '../scripts/lib/ports';

export interface WorkerRuntimeOptions {
  /** host:port for the Prometheus endpoint (WORKER_METRICS_ADDRESS); null leaves metrics off. */
  metricsAddress: string | null;
  /** Lowest SDK log level printed (the SDK logs every worker state change at INFO). */
  logLevel: LogLevel;
}

export interface WorkerRuntime {
  /** http://host:port/metrics when metrics are on, else null. */
  metricsUrl: string | null;
}

export class WorkerRuntimeError extends Error {
  override name = 'WorkerRuntimeError';
}

/**
 * Splits ip:port (IPv6 as [::1]:9464). The native exporter binds a socket address, so the host must be an IP
 * literal, not a name: `localhost:9464` is refused here rather than failing inside the SDK.
 */
export function parseMetricsAddress(address: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(address.trim());
  const host = match?.[1] ?? '';
  const port = Number(match?.[2]);
  if (isIP(host.replace(/^\[|\]$/g, '')) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new WorkerRuntimeError(`WORKER_METRICS_ADDRESS must be ip:port (for example 127.0.0.1:9464 or 0.0.0.0:9464), not "${address}"`);
  }
  return { host, port };
}

/** The URL a scraper (or a person) reads; a wildcard bind address is reached on the loopback interface. */
export function metricsUrlOf(address: string): string {
  const { host, port } = parseMetricsAddress(address);
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host;
  return `http://${reachable}:${port}/metrics`;
}

const probeHost = (host: string): string => (host === '0.0.0.0' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '').replace(/^::$/, '::1'));

/**
 * The address itself, or the same host on a free port when something already listens there (the demo beside a
 * running `npm run worker`); production entry points do not use this: a taken port is an error there.
 */
export async function availableMetricsAddress(address: string): Promise<string> {
  const { host, port } = parseMetricsAddress(address);
  return (await isListening(port, probeHost(host))) ? `${host}:${await freePort()}` : address;
}

/**
 * Installs the Runtime. A taken metrics port is an error that says so: the native exporter would otherwise fail
 * to bind in the background and the worker would run without the metrics it was configured to serve.
 */
export async function installWorkerRuntime(o: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  if (Runtime._instance) throw new WorkerRuntimeError('the Temporal Runtime is already installed in this process: installWorkerRuntime must run first, once');
  if (o.metricsAddress !== null) {
    const { host, port } = parseMetricsAddress(o.metricsAddress);
    if (await isListening(port, probeHost(host))) {
      throw new WorkerRuntimeError(`port ${port} of WORKER_METRICS_ADDRESS=${o.metricsAddress} is taken (another worker?): set another address, or an empty value to turn worker metrics off`);
    }
  }
  Runtime.install({
    logger: new DefaultLogger(o.logLevel),
    ...(o.metricsAddress !== null ? { telemetryOptions: { metrics: { prometheus: { bindAddress: o.metricsAddress } } } } : {}),
  });
  return { metricsUrl: o.metricsAddress === null ? null : metricsUrlOf(o.metricsAddress) };
}

/** LOG_LEVEL (lower case, config/env.ts) as the SDK's level. */
export const sdkLogLevel = (level: 'debug' | 'info' | 'warn' | 'error'): LogLevel => level.toUpperCase() as LogLevel;
