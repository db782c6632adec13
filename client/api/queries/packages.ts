/**
 * An officer's inbox: the work_package and package_family projections, and for one package the P3KE data the
 * visit needs. Minimisation (UU PDP): only identification (names, NIK, relationship, sex, birth date), the
 * address, the housing columns and programme flags the form verifies; not desil, occupation, education,
 * pregnancy, stunting risk or Dukcapil match.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CampaignSchema } from '../../../db/entities/campaign.entity';
import { WorkPackageSchema, type WorkPackage } from '../../../db/entities/work-package.entity';
import type { FieldResultReceipt } from '../../../domain/contracts/work-package';
import { DEFAULT_ESCALATION_THRESHOLD, needsEscalation, type EscalationThreshold, type Mismatch, type P3keFamilyFacts, type P3keMemberFacts } from '../../../domain/mismatch';
import { familyFactsSubquery, memberFactsSubquery } from '../../../db/repositories/field-result-repository';
import { iso, jsonList, num, sql } from './sql';
import { preparedRows, preparedStatement } from '../../../db/prepared-sql';
import type { visitHousing, visitProgrammes } from '../schemas/packages';
import type { z } from 'zod';

export interface OpenPackageView {
  packageId: string;
  path: string;
  campaignId: string;
  campaignName: string | null;
  desaCode: string;
  kecamatanCode: string;
  round: number;
  status: string;
  deadlineAt: string | null;
  reassignments: number;
  families: number;
  submitted: number;
  open: number;
}

export const packagePath = (packageId: string): string => `/packages/${encodeURIComponent(packageId)}`;

export async function openPackagesOf(em: EntityManager, officerId: string): Promise<OpenPackageView[]> {
  const rows = await sql<{ id: string; campaign_id: string; campaign_name: string | null; desa_code: string; kecamatan_code: string; round: number; status: string; deadline_at: Date | null; reassignments: number; families: string; submitted: string; open: string }>(
    em,
    `select wp.id, wp.campaign_id, c.name as campaign_name, wp.desa_code, wp.kecamatan_code, wp.round, wp.status, wp.deadline_at,
            wp.reassignments, count(pf.family_id) as families,
            count(pf.family_id) filter (where pf.status = 'submitted') as submitted,
            count(pf.family_id) filter (where pf.status = 'open') as open
     from work_package wp
     left join package_family pf on pf.package_id = wp.id
     left join campaign c on c.id = wp.campaign_id
     where wp.officer_id = ? and wp.status = 'open'
     group by wp.id, c.name
     order by wp.deadline_at nulls last, wp.id`,
    [officerId],
  );
  return rows.map((r) => ({
    packageId: r.id,
    path: packagePath(r.id),
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    desaCode: r.desa_code,
    kecamatanCode: r.kecamatan_code,
    round: r.round,
    status: r.status,
    deadlineAt: iso(r.deadline_at),
    reassignments: r.reassignments,
    families: num(r.families),
    submitted: num(r.submitted),
    open: num(r.open),
  }));
}

export function findPackage(em: EntityManager, packageId: string): Promise<WorkPackage | null> {
  return em.findOne(WorkPackageSchema, { id: packageId });
}

const HOUSING = ['jenis_atap', 'jenis_dinding', 'jenis_lantai', 'sumber_penerangan', 'bahan_bakar_memasak', 'sumber_air_minum', 'fasilitas_bab', 'kepemilikan_rumah', 'memiliki_simpanan'] as const;
const PROGRAMMES = ['penerima_bpnt', 'penerima_bpum', 'penerima_bst', 'penerima_pkh', 'penerima_sembako'] as const;

type FamilyRow = Record<(typeof HOUSING)[number], string | boolean> &
  Record<(typeof PROGRAMMES)[number], boolean> & {
    family_id: string;
    priority: number;
    pf_status: string;
    latest_version: number;
    kode_kemendagri: string;
    desa_kelurahan: string;
    alamat: string;
    kepala_keluarga: string;
    nik: string;
    jenis_kelamin: string;
    tanggal_lahir: string;
  };

interface MemberRow {
  id_keluarga_p3ke: string;
  nama: string;
  nik: string;
  hubungan_dengan_kepala_keluarga: string;
  jenis_kelamin: string;
  tanggal_lahir: string;
}

export interface FamilyToVerify {
  familyId: string;
  desaCode: string;
  desaName: string;
  alamat: string;
  priority: number;
  status: string;
  latestVersion: number;
  kepalaKeluarga: { nama: string; nik: string; jenis_kelamin: string; tanggal_lahir: string };
  members: Omit<MemberRow, 'id_keluarga_p3ke'>[];
  housing: z.infer<typeof visitHousing>;
  programmes: z.infer<typeof visitProgrammes>;
}

export async function familiesToVerify(em: EntityManager, pkg: WorkPackage): Promise<FamilyToVerify[]> {
  const families = await sql<FamilyRow>(
    em,
    `select pf.family_id, pf.priority, pf.status as pf_status, pf.latest_version, f.kode_kemendagri, f.desa_kelurahan, f.alamat,
            f.kepala_keluarga, f.nik, f.jenis_kelamin, to_char(f.tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir,
            ${HOUSING.map((c) => `f.${c}`).join(', ')}, ${PROGRAMMES.map((c) => `f.${c}`).join(', ')}
     from package_family pf
     join p3ke_family f on f.campaign_id = pf.campaign_id and f.id_keluarga_p3ke = pf.family_id
     where pf.package_id = ?
     order by pf.priority desc, pf.family_id`,
    [pkg.id],
  );
  if (families.length === 0) return [];
  const members = await sql<MemberRow>(
    em,
    `select id_keluarga_p3ke, nama, nik, hubungan_dengan_kepala_keluarga, jenis_kelamin, to_char(tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir
     from p3ke_individual
     where campaign_id = ? and id_keluarga_p3ke in (select json_array_elements_text(?::json))
     order by id_keluarga_p3ke, id_individu`,
    [pkg.campaignId, jsonList(families.map((f) => f.family_id))],
  );
  const byFamily = new Map<string, Omit<MemberRow, 'id_keluarga_p3ke'>[]>();
  for (const { id_keluarga_p3ke: familyId, ...member } of members) {
    byFamily.set(familyId, [...(byFamily.get(familyId) ?? []), member]);
  }
  return families.map((f) => ({
    familyId: f.family_id,
    desaCode: f.kode_kemendagri,
    desaName: f.desa_kelurahan,
    alamat: f.alamat,
    priority: f.priority,
    status: f.pf_status,
    latestVersion: f.latest_version,
    kepalaKeluarga: { nama: f.kepala_keluarga, nik: f.nik, jenis_kelamin: f.jenis_kelamin, tanggal_lahir: f.tanggal_lahir },
    members: byFamily.get(f.family_id) ?? [],
    housing: Object.fromEntries(HOUSING.map((c) => [c, f[c]])) as FamilyToVerify['housing'],
    programmes: Object.fromEntries(PROGRAMMES.map((c) => [c, f[c]])) as FamilyToVerify['programmes'],
  }));
}

export async function familyInCampaign(em: EntityManager, campaignId: string, familyId: string): Promise<boolean> {
  const rows = await sql<{ one: number }>(em, 'select 1 as one from p3ke_family where campaign_id = ? and id_keluarga_p3ke = ?', [campaignId, familyId]);
  return rows.length > 0;
}

/** What a submission needs to know of its package: its workflow's address, and the officer and status. */
export interface PackageForSubmission {
  id: string;
  campaignId: string;
  desaCode: string;
  seq: number;
  officerId: string;
  status: string;
}

/** Everything the API reads to record a submission, in one statement (each part may be missing). */
export interface SubmissionContext {
  pkg: PackageForSubmission | null;
  earlier: { packageId: string; familyId: string; payload: unknown } | null;
  /** The family is one of the package's. */
  inPackage: boolean;
  /** The campaign's threshold (its configuration), or the default. */
  escalationThreshold: EscalationThreshold;
  /** The family's P3KE record in the package's campaign, null when the campaign has no such family. */
  family: P3keFamilyFacts | null;
  members: P3keMemberFacts[];
}

/** Prepared once per connection (db/prepared-sql.ts): it runs on every submission. */
const SUBMISSION_CONTEXT = preparedStatement(
  'api-submission-context',
  `select wp.id, wp.campaign_id, wp.desa_code, wp.seq, wp.officer_id, wp.status,
          fr.package_id as earlier_package_id, fr.family_id as earlier_family_id, fr.payload as earlier_payload,
          c.config->'escalationThreshold' as escalation_threshold,
          exists (select 1 from package_family pf where pf.package_id = wp.id and pf.family_id = ?) as in_package,
          ${familyFactsSubquery('wp.campaign_id')} as family,
          ${memberFactsSubquery('wp.campaign_id')} as members
   from (select 1) as one
   left join work_package wp on wp.id = ?
   left join campaign c on c.id = wp.campaign_id
   left join field_result fr on fr.submission_id = ?`,
);

/**
 * The package, an earlier use of this submission id, and what recording the family's result needs (its P3KE
 * facts, whether it is the package's, the campaign's escalation threshold), in one statement: the API records a
 * new result itself before it asks the package (record-field-result.ts), and every statement a submission waits
 * for is a round trip on a loaded machine (bench/field-result-round-trip.ts).
 */
export async function submissionContext(em: EntityManager, packageId: string, submissionId: string, familyId: string): Promise<SubmissionContext> {
  const [row] = await preparedRows<{
    id: string | null;
    campaign_id: string;
    desa_code: string;
    seq: number;
    officer_id: string;
    status: string;
    earlier_package_id: string | null;
    earlier_family_id: string;
    earlier_payload: unknown;
    escalation_threshold: EscalationThreshold | null;
    in_package: boolean | null;
    family: P3keFamilyFacts | null;
    members: P3keMemberFacts[] | null;
  }>(em, SUBMISSION_CONTEXT, [familyId, familyId, familyId, packageId, submissionId]);
  if (!row) throw new Error('submissionContext: the statement returned no row');
  return {
    pkg: row.id === null ? null : { id: row.id, campaignId: row.campaign_id, desaCode: row.desa_code, seq: row.seq, officerId: row.officer_id, status: row.status },
    earlier: row.earlier_package_id === null ? null : { packageId: row.earlier_package_id, familyId: row.earlier_family_id, payload: row.earlier_payload },
    inPackage: row.in_package === true,
    escalationThreshold: row.escalation_threshold ?? DEFAULT_ESCALATION_THRESHOLD,
    family: row.family,
    members: row.members ?? [],
  };
}

/**
 * The receipt of a submission already recorded, rebuilt from the database as the recording activity builds it:
 * for a resend that reaches a package which has since closed (Temporal no longer answers for its updates).
 */
export async function storedReceipt(em: EntityManager, submissionId: string): Promise<FieldResultReceipt | null> {
  const [row] = await sql<{ campaign_id: string; family_id: string; version: number }>(em, 'select campaign_id, family_id, version from field_result where submission_id = ?', [submissionId]);
  if (!row) return null;
  const mismatches = await sql<{ type: string; severity: number }>(
    em,
    'select type, severity from mismatch where campaign_id = ? and family_id = ? and version = ?',
    [row.campaign_id, row.family_id, row.version],
  );
  const campaign = await em.findOne(CampaignSchema, { id: row.campaign_id });
  const threshold = (campaign?.config.escalationThreshold as EscalationThreshold | undefined) ?? DEFAULT_ESCALATION_THRESHOLD;
  return {
    familyId: row.family_id,
    version: row.version,
    mismatchTypes: mismatches.map((m) => m.type),
    escalate: needsEscalation(mismatches as Mismatch[], threshold),
  };
}
