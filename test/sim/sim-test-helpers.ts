/**
 * Helpers for the simulator tests: start a small simulator, call it over HTTP, read whole listings, and an
 * independent NIK reader (deliberately not domain/nik.ts, so the simulator is checked against its own spec).
 */
import { startP3keSimulator, type P3keSimulatorOptions, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { loadIknArea } from '../../domain/regions';

export const TOKEN = 'test-token';
export const IKN_KECAMATAN = loadIknArea().kecamatan.map((k) => k.code);
export const IKN_DESA = new Set(loadIknArea().desa.map((d) => d.code));
export const ALL_IKN = { regionCodes: IKN_KECAMATAN, desilMin: 1, desilMax: 10 };

export function startSim(options: Partial<P3keSimulatorOptions> = {}): Promise<RunningP3keSimulator> {
  return startP3keSimulator({ token: TOKEN, families: 2000, seed: 11, ...options });
}

export async function call(sim: { url: string }, method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function createSnapshot(sim: { url: string }, spec: unknown = ALL_IKN): Promise<string> {
  const created = await call(sim, 'POST', '/v1/snapshots', spec);
  if (created.status !== 201) throw new Error(`snapshot not created: ${created.status}`);
  return created.json.snapshotId as string;
}

export interface Listing {
  items: Record<string, unknown>[];
  startAts: number[];
  total: number;
}

export async function readListing(sim: { url: string }, snapshotId: string, kind: string, pageSize = 1000): Promise<Listing> {
  const items: Record<string, unknown>[] = [];
  const startAts: number[] = [];
  let total = 0;
  let query = `pageSize=${pageSize}`;
  for (;;) {
    const page = await call(sim, 'GET', `/v1/snapshots/${snapshotId}/${kind}?${query}`);
    if (page.status !== 200) throw new Error(`page failed: ${page.status}`);
    items.push(...(page.json.items as Record<string, unknown>[]));
    startAts.push(page.json.startAt as number);
    total = page.json.total as number;
    const next = page.json.nextCursor as string | null;
    if (next === null) return { items, startAts, total };
    query = `pageSize=${pageSize}&cursor=${encodeURIComponent(next)}`;
  }
}

/** What a NIK says about its holder, or null when it is not structurally valid. */
export function readNik(nik: string): { sex: 'L' | 'P'; day: number; month: number; yy: number } | null {
  if (!/^\d{16}$/.test(nik) || nik.endsWith('0000')) return null;
  const dd = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const sex = dd > 40 ? 'P' : 'L';
  const day = sex === 'P' ? dd - 40 : dd;
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(2000 + yy, month, 0)).getUTCDate();
  return day <= daysInMonth ? { sex, day, month, yy } : null;
}

export function nikAgrees(nik: string, sex: unknown, birthDate: unknown): boolean {
  const read = readNik(nik);
  if (!read || typeof birthDate !== 'string') return false;
  const [y, m, d] = birthDate.split('-').map(Number);
  return read.sex === sex && read.day === d && read.month === m && read.yy === (y ?? 0) % 100;
}
