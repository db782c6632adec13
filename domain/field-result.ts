/**
 * The result a field officer submits for one family after a verivali visit (DOMAIN.md section 4).
 *
 * Types only, so workflows can `import type` them. The zod schema that produces these types from untrusted input
 * is in field-result.schema.ts (activities and the API only); the cross-field checks are in
 * field-result-checks.ts (pure, usable in a workflow's update validator).
 *
 * Member and housing fields use the P3KE column names, so the mismatch rules compare like with like.
 */
import type { HousingIndicators } from './desil-proxy';
import type {
  FieldProgramme,
  HubunganKeluarga,
  JenisKelamin,
  PhotoKind,
  VisitOutcome,
} from './p3ke/value-lists';

export interface FieldMember {
  nik: string; // 16 digits
  nama: string;
  hubungan_dengan_kepala_keluarga: HubunganKeluarga;
  jenis_kelamin: JenisKelamin;
  tanggal_lahir: string; // ISO YYYY-MM-DD
  hamil: boolean;
}

/** Everything the officer observed about the house: no unknowns once the family was found. */
export type FieldHousing = { [K in keyof HousingIndicators]: NonNullable<HousingIndicators[K]> };

/** Enrolment as the family reports it, one explicit yes/no per programme asked. */
export type FieldProgrammeEnrolment = Record<FieldProgramme, boolean>;

/** Counts asked directly on the form; they must agree with the members listed (field-result-checks.ts). */
export interface FieldStuntingFacts {
  pregnantWomen: number;
  childrenUnder2: number;
  childrenUnder5: number;
}

export interface GpsPoint {
  lat: number;
  lon: number;
}

/** A reference to a photo already uploaded elsewhere (id or https URL): results never carry image bytes. */
export interface PhotoRef {
  kind: PhotoKind;
  ref: string;
}

export interface FieldResult {
  familyId: string;
  outcome: VisitOutcome;
  /** Required (non-empty) when outcome is 'verified'; otherwise usually empty and ignored by the rules. */
  members: FieldMember[];
  /** Required when outcome is 'verified', null otherwise (a house not found cannot be observed). */
  housing: FieldHousing | null;
  programmes: FieldProgrammeEnrolment | null;
  stunting: FieldStuntingFacts | null;
  gps: GpsPoint;
  photos: PhotoRef[];
  note: string;
  /** ISO date-time with offset, as recorded on the device; its date part is the local visit date. */
  visitedAt: string;
}
