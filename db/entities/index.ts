import { ApiUserSchema } from './api-user.entity';
import { AuditLogSchema } from './audit-log.entity';
import { CampaignSchema } from './campaign.entity';
import { EscalationCaseSchema } from './escalation-case.entity';
import { FamilyFlagSchema } from './family-flag.entity';
import { FieldResultSchema, MismatchSchema } from './field-result.entity';
import { InterventionItemSchema, InterventionPlanSchema } from './intervention-plan.entity';
import { OfficerSchema } from './officer.entity';
import { P3keFamilySchema } from './p3ke-family.entity';
import { P3keIndividualSchema } from './p3ke-individual.entity';
import { QuarantinedRecordSchema } from './quarantined-record.entity';
import { RefKecamatanSchema } from './ref-kecamatan.entity';
import { PackageFamilySchema, WorkPackageSchema } from './work-package.entity';

/** Every entity the ORM knows; the migration generator diffs the schema against this list. */
export const entities = [
  CampaignSchema,
  P3keFamilySchema,
  P3keIndividualSchema,
  QuarantinedRecordSchema,
  FamilyFlagSchema,
  RefKecamatanSchema,
  OfficerSchema,
  WorkPackageSchema,
  PackageFamilySchema,
  FieldResultSchema,
  MismatchSchema,
  EscalationCaseSchema,
  InterventionPlanSchema,
  InterventionItemSchema,
  AuditLogSchema,
  ApiUserSchema,
];
