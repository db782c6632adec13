/**
 * The programmes a verified family can be proposed for (DOMAIN.md section 5), grouped by the three strategies of
 * Inpres 4/2022. The catalogue order is also the tie-break order of the plan, so it is part of the rules version.
 */
import type { FieldProgramme } from '../p3ke/value-lists';

export const INTERVENTION_STRATEGIES = ['reduce_spending', 'raise_income', 'remove_poverty_pockets'] as const;
export type InterventionStrategy = (typeof INTERVENTION_STRATEGIES)[number];

export const INTERVENTION_PROGRAMMES = [
  'pkh',
  'sembako',
  'pbi_jkn',
  'pip_kip',
  'bsps_rtlh',
  'sanitation',
  'clean_water',
  'electricity_connection',
  'stunting_pmt',
  'stunting_iron_tablets',
  'stunting_bkb',
  'prakerja',
  'kur_umi',
] as const;
export type InterventionProgramme = (typeof INTERVENTION_PROGRAMMES)[number];

/** What one unit of `quantity` is: the unit cost is per unit, per year unless the unit says otherwise. */
export type InterventionUnit = 'family' | 'person' | 'pkh_component' | 'house';

export interface CatalogueEntry {
  label: string;
  strategy: InterventionStrategy;
  unit: InterventionUnit;
  /** The field enrolment answer that means the family already has it (then it is not proposed again). */
  enrolledWhen: FieldProgramme | null;
  /** Programmes that act on stunting get a priority bonus in families at stunting risk. */
  stuntingSensitive: boolean;
}

export const INTERVENTION_CATALOGUE: Readonly<Record<InterventionProgramme, CatalogueEntry>> = {
  pkh: { label: 'Program Keluarga Harapan (conditional cash)', strategy: 'reduce_spending', unit: 'pkh_component', enrolledWhen: 'pkh', stuntingSensitive: false },
  sembako: { label: 'Sembako / BPNT (food assistance)', strategy: 'reduce_spending', unit: 'family', enrolledWhen: 'sembako_bpnt', stuntingSensitive: false },
  pbi_jkn: { label: 'PBI-JKN (health-insurance premium)', strategy: 'reduce_spending', unit: 'person', enrolledWhen: 'pbi_jkn', stuntingSensitive: false },
  pip_kip: { label: 'PIP / KIP (education assistance)', strategy: 'reduce_spending', unit: 'person', enrolledWhen: 'pip_kip', stuntingSensitive: false },
  bsps_rtlh: { label: 'BSPS / RTLH (house rehabilitation)', strategy: 'reduce_spending', unit: 'house', enrolledWhen: 'bsps_rtlh', stuntingSensitive: false },
  sanitation: { label: 'Latrine with septic tank', strategy: 'remove_poverty_pockets', unit: 'family', enrolledWhen: null, stuntingSensitive: true },
  clean_water: { label: 'Safe drinking-water connection', strategy: 'remove_poverty_pockets', unit: 'family', enrolledWhen: null, stuntingSensitive: true },
  electricity_connection: { label: 'Metered PLN electricity connection', strategy: 'remove_poverty_pockets', unit: 'family', enrolledWhen: null, stuntingSensitive: false },
  stunting_pmt: { label: 'Local-food supplementary feeding (PMT)', strategy: 'reduce_spending', unit: 'person', enrolledWhen: null, stuntingSensitive: true },
  stunting_iron_tablets: { label: 'Iron tablets for pregnant women', strategy: 'reduce_spending', unit: 'person', enrolledWhen: null, stuntingSensitive: true },
  stunting_bkb: { label: 'Bina Keluarga Balita (parenting group)', strategy: 'reduce_spending', unit: 'family', enrolledWhen: null, stuntingSensitive: true },
  prakerja: { label: 'Kartu Prakerja / job training', strategy: 'raise_income', unit: 'person', enrolledWhen: 'prakerja', stuntingSensitive: false },
  kur_umi: { label: 'KUR / UMi micro-credit (government cost only)', strategy: 'raise_income', unit: 'family', enrolledWhen: 'kur', stuntingSensitive: false },
};

/** Position in the catalogue: the last tie-break of the plan. */
export function catalogueIndex(programme: InterventionProgramme): number {
  return INTERVENTION_PROGRAMMES.indexOf(programme);
}
