/** The campaign table as the API shows it (the workflow is the authority; this row is its mirror). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CampaignSchema, type Campaign } from '../../../db/entities/campaign.entity';
import type { CampaignStatus } from '../../../domain/contracts/campaign';
import type { AuthUser } from '../auth/users';
import { campaignVisibleTo } from '../auth/area-scope';
import { iso, sql } from './sql';

export interface CampaignView {
  id: string;
  name: string;
  status: string;
  phase: string;
  regionCodes: string[];
  desilMin: number | null;
  desilMax: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  snapshotId: string | null;
  counts: Record<string, number>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function campaignView(c: Campaign): CampaignView {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    phase: c.phase,
    regionCodes: strings(c.config.regionCodes),
    desilMin: numberOrNull(c.config.desilMin),
    desilMax: numberOrNull(c.config.desilMax),
    createdBy: c.createdBy,
    createdAt: iso(c.createdAt) ?? '',
    updatedAt: iso(c.updatedAt) ?? '',
    completedAt: iso(c.completedAt),
    snapshotId: c.snapshotId ?? null,
    counts: Object.fromEntries(Object.entries(c.counts ?? {}).filter(([, v]) => typeof v === 'number')),
  };
}

export function findCampaign(em: EntityManager, id: string): Promise<Campaign | null> {
  return em.findOne(CampaignSchema, { id });
}

/** Newest first; a user without the whole area sees the campaigns that touch their area. */
export async function listCampaigns(em: EntityManager, user: AuthUser, filter: { status?: CampaignStatus | undefined; limit: number }): Promise<CampaignView[]> {
  const rows = await em.find(CampaignSchema, filter.status ? { status: filter.status } : {}, { orderBy: { createdAt: 'desc', id: 'asc' } });
  return rows
    .map(campaignView)
    .filter((c) => user.scope.allAreas || campaignVisibleTo(user.scope, c.regionCodes))
    .slice(0, filter.limit);
}

/**
 * Positions of the region codes whose kecamatan (first 6 digits) is not in ref_kecamatan: a campaign over a
 * region that does not exist would fetch nothing and say nothing, so it is refused at the door.
 */
export async function unknownKecamatan(em: EntityManager, regionCodes: readonly string[]): Promise<number[]> {
  const known = await sql<{ code: string }>(
    em,
    'select code from ref_kecamatan where code in (select json_array_elements_text(?::json))',
    [JSON.stringify(regionCodes.map((c) => c.slice(0, 6)))],
  );
  const codes = new Set(known.map((k) => k.code));
  return regionCodes.flatMap((c, i) => (codes.has(c.slice(0, 6)) ? [] : [i]));
}
