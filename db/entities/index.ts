import { CampaignSchema } from './campaign.entity';
import { FamilyFlagSchema } from './family-flag.entity';
import { P3keFamilySchema } from './p3ke-family.entity';
import { P3keIndividualSchema } from './p3ke-individual.entity';
import { QuarantinedRecordSchema } from './quarantined-record.entity';
import { RefKecamatanSchema } from './ref-kecamatan.entity';

/** Every entity the ORM knows; the migration generator diffs the schema against this list. */
export const entities = [CampaignSchema, P3keFamilySchema, P3keIndividualSchema, QuarantinedRecordSchema, FamilyFlagSchema, RefKecamatanSchema];
