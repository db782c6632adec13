/**
 * Assignment: families into work packages per desa, balanced over the officers who cover them; re-visit rounds;
 * and the package projection (open, reassigned, closed) that officers' inboxes read.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { OfficerSchema } from '../../db/entities/officer.entity';
import { WorkPackageSchema } from '../../db/entities/work-package.entity';
import { recordAudit, SYSTEM_ACTOR } from '../../db/repositories/audit-repository';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import type { WorkPackageRef } from '../../domain/contracts/work-package';
import { candidatesFor, leastLoaded, NoOfficerForDesaError, planPackages, type FamilyToAssign, type OfficerCapacity, type PlannedPackage } from './balance-officers';

export interface AssignmentDeps {
  orm: MikroORM;
}

export interface DesaAssignment {
  desaCode: string;
  kecamatanCode: string;
  packages: number;
  families: number;
}

const packageId = (campaignId: string, desaCode: string, seq: number): string => `${campaignId}/${desaCode}/${seq}`;

// Bound parameters: the package rows of a large campaign are a JSON parameter of megabytes (db/bound-sql.ts).
const sql = boundRows;

async function availableVerifiers(em: EntityManager): Promise<OfficerCapacity[]> {
  const rows = await em.find(OfficerSchema, { role: 'field_verifier', available: true }, { orderBy: { id: 'asc' } });
  return rows.map((o) => ({ id: o.id, desaCoverage: o.desaCoverage, kecamatanCode: o.kecamatanCode, dailyCapacity: o.dailyCapacity }));
}

/** Families in open packages per officer: the load a new package is balanced against. */
async function currentLoad(em: EntityManager): Promise<Map<string, number>> {
  const rows = await sql<{ officer_id: string; n: string }>(
    em,
    `select wp.officer_id, count(*) as n from work_package wp join package_family pf on pf.package_id = wp.id
     where wp.status in ('pending', 'open') and pf.status = 'open' group by wp.officer_id`,
  );
  return new Map(rows.map((r) => [r.officer_id, Number(r.n)]));
}

async function insertPackages(em: EntityManager, campaignId: string, round: number, planned: PlannedPackage[]): Promise<void> {
  if (planned.length === 0) return;
  const packages = planned.map((p) => ({
    id: packageId(campaignId, p.desaCode, p.seq),
    campaign_id: campaignId,
    desa_code: p.desaCode,
    kecamatan_code: p.desaCode.slice(0, 6),
    seq: p.seq,
    round,
    officer_id: p.officerId,
    status: 'pending',
    family_count: p.families.length,
    reassignments: 0,
    deadline_at: null,
    created_at: new Date().toISOString(),
    closed_at: null,
  }));
  const families = planned.flatMap((p) =>
    p.families.map((f) => ({ package_id: packageId(campaignId, p.desaCode, p.seq), family_id: f.familyId, campaign_id: campaignId, priority: f.priority, status: 'open', latest_version: 0 })),
  );
  await sql(em, `insert into work_package select * from json_populate_recordset(null::work_package, ?::json)`, [JSON.stringify(packages)]);
  await sql(em, `insert into package_family select * from json_populate_recordset(null::package_family, ?::json)`, [JSON.stringify(families)]);
}

function noOfficer(err: unknown): never {
  if (err instanceof NoOfficerForDesaError) throw ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.invalidInput);
  throw err;
}

export function createAssignmentActivities({ orm }: AssignmentDeps) {
  return {
    /** Round 1: every family of the campaign area into packages. A retry finds the packages already made. */
    async assignWorkPackages(input: { campaignId: string; regionCodes: string[]; maxFamiliesPerPackage: number }): Promise<{ desa: DesaAssignment[]; assigned: number }> {
      await orm.em.fork().transactional(async (em) => {
        const existing = await em.count(WorkPackageSchema, { campaignId: input.campaignId, round: 1 });
        if (existing > 0) return;
        const families = await sql<{ family_id: string; desa_code: string; priority: number }>(
          em,
          `select f.id_keluarga_p3ke as family_id, f.kode_kemendagri as desa_code, f.priority
           from p3ke_family f
           where f.campaign_id = ? and exists (select 1 from json_array_elements_text(?::json) a(code) where f.kode_kemendagri like a.code || '%')`,
          [input.campaignId, JSON.stringify(input.regionCodes)],
        );
        const toAssign: FamilyToAssign[] = families.map((f) => ({ familyId: f.family_id, desaCode: f.desa_code, priority: f.priority }));
        let plan: PlannedPackage[];
        try {
          plan = planPackages(toAssign, await availableVerifiers(em), input.maxFamiliesPerPackage, () => 1, await currentLoad(em));
        } catch (err) {
          noOfficer(err);
        }
        await insertPackages(em, input.campaignId, 1, plan);
      });
      const rows = await sql<{ desa_code: string; kecamatan_code: string; packages: string; families: string }>(
        orm.em.fork(),
        `select desa_code, kecamatan_code, count(*) as packages, sum(family_count) as families
         from work_package where campaign_id = ? and round = 1 group by desa_code, kecamatan_code order by desa_code`,
        [input.campaignId],
      );
      const desa = rows.map((r) => ({ desaCode: r.desa_code, kecamatanCode: r.kecamatan_code, packages: Number(r.packages), families: Number(r.families) }));
      return { desa, assigned: desa.reduce((sum, d) => sum + d.families, 0) };
    },

    /** The packages of one desa and round, with their families: what a desa workflow starts. */
    async loadDesaPackages(input: { campaignId: string; desaCode: string; round: number }): Promise<WorkPackageRef[]> {
      const rows = await sql<{ id: string; desa_code: string; seq: number; round: number; officer_id: string; family_ids: string[] }>(
        orm.em.fork(),
        `select wp.id, wp.desa_code, wp.seq, wp.round, wp.officer_id,
                array_agg(pf.family_id order by pf.priority desc, pf.family_id) as family_ids
         from work_package wp join package_family pf on pf.package_id = wp.id
         where wp.campaign_id = ? and wp.desa_code = ? and wp.round = ?
         group by wp.id order by wp.seq`,
        [input.campaignId, input.desaCode, input.round],
      );
      return rows.map((r) => ({ packageId: r.id, desaCode: r.desa_code, seq: r.seq, round: r.round, officerId: r.officer_id, familyIds: r.family_ids }));
    },

    /** A re-visit round for families whose case ordered one; made once per (desa, round). */
    async createRevisitPackages(input: { campaignId: string; desaCode: string; familyIds: string[]; round: number; maxFamiliesPerPackage: number }): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        const existing = await em.count(WorkPackageSchema, { campaignId: input.campaignId, desaCode: input.desaCode, round: input.round });
        if (existing > 0 || input.familyIds.length === 0) return;
        const families = await sql<{ family_id: string; desa_code: string; priority: number }>(
          em,
          `select id_keluarga_p3ke as family_id, kode_kemendagri as desa_code, priority from p3ke_family
           where campaign_id = ? and id_keluarga_p3ke in (select json_array_elements_text(?::json))`,
          [input.campaignId, JSON.stringify(input.familyIds)],
        );
        const [maxSeq] = await sql<{ max: number | null }>(em, 'select max(seq) as max from work_package where campaign_id = ? and desa_code = ?', [input.campaignId, input.desaCode]);
        let plan: PlannedPackage[];
        try {
          plan = planPackages(
            families.map((f) => ({ familyId: f.family_id, desaCode: f.desa_code, priority: f.priority })),
            await availableVerifiers(em),
            input.maxFamiliesPerPackage,
            () => (maxSeq?.max ?? 0) + 1,
            await currentLoad(em),
          );
        } catch (err) {
          noOfficer(err);
        }
        await insertPackages(em, input.campaignId, input.round, plan);
      });
    },

    async openWorkPackage(input: { packageId: string; officerId: string; deadlineAt: string }): Promise<void> {
      const em = orm.em.fork();
      await em.nativeUpdate(WorkPackageSchema, { id: input.packageId }, { status: 'open', officerId: input.officerId, deadlineAt: new Date(input.deadlineAt) });
    },

    /**
     * Hands a package to another available verifier of the desa (or its kecamatan), the least loaded; null when
     * nobody else can take it. The previous officer's later submissions are then refused by the workflow.
     */
    async reassignWorkPackage(input: { packageId: string; campaignId: string; fromOfficerId: string; deadlineAt: string; reason: string }): Promise<{ officerId: string | null }> {
      return orm.em.fork().transactional(async (em) => {
        const pkg = await em.findOneOrFail(WorkPackageSchema, { id: input.packageId });
        if (pkg.officerId !== input.fromOfficerId) return { officerId: pkg.officerId }; // a retry after the write
        // Leave the current officer out before choosing: if they were the desa's only verifier, the kecamatan's
        // other verifiers are the fallback.
        const others = candidatesFor(pkg.desaCode, (await availableVerifiers(em)).filter((o) => o.id !== input.fromOfficerId));
        if (others.length === 0) return { officerId: null };
        const next = leastLoaded(others, await currentLoad(em));
        const before = { officerId: pkg.officerId, deadlineAt: pkg.deadlineAt };
        pkg.officerId = next.id;
        pkg.deadlineAt = new Date(input.deadlineAt);
        pkg.reassignments += 1;
        recordAudit(em, {
          ...SYSTEM_ACTOR,
          action: `package.reassign.${input.reason}`,
          entity: 'work_package',
          entityId: input.packageId,
          campaignId: input.campaignId,
          before,
          after: { officerId: next.id, deadlineAt: input.deadlineAt },
        });
        return { officerId: next.id };
      });
    },

    /** Closes the projection; families without any result become 'unvisited' (or 'cancelled'). */
    async closeWorkPackage(input: { packageId: string; status: 'closed' | 'cancelled' }): Promise<{ unvisited: string[] }> {
      return orm.em.fork().transactional(async (em) => {
        await em.nativeUpdate(WorkPackageSchema, { id: input.packageId }, { status: input.status, closedAt: new Date() });
        const left = input.status === 'closed' ? 'unvisited' : 'cancelled';
        await sql(em, `update package_family set status = ? where package_id = ? and status = 'open'`, [left, input.packageId]);
        // Read back rather than use what this attempt updated: a retry after the commit must give the same list.
        const rows = await sql<{ family_id: string }>(em, 'select family_id from package_family where package_id = ? and status = ? order by family_id', [input.packageId, left]);
        return { unvisited: rows.map((r) => r.family_id) };
      });
    },
  };
}
