/**
 * Parameters of the intervention rules, with documented defaults.
 *
 * Confirmed (DOMAIN.md section 5): social assistance generally targets desil 1-4, PBI-JKN desil 1-5.
 * NOT confirmed, so only defaults to be set per campaign: the desil cut-offs for PIP/KIP, RTLH, Prakerja and
 * KUR/UMi, every unit cost, PKH component rules, and the priority weights. Money is whole rupiah (integers).
 */
import type { JenisAtap, JenisDinding, JenisLantai } from '../p3ke/value-lists';
import type { InterventionProgramme } from './catalogue';

/** An inclusive range of whole numbers: desil, ages in years, or ages in months. */
export interface IntRange {
  min: number;
  max: number;
}

export interface InterventionParams {
  /** Desil range (inclusive) a family must fall in, after verification. */
  desilRange: Record<InterventionProgramme, IntRange>;
  /** Rupiah per unit (see the catalogue's unit), per year where the programme is recurring. */
  unitCostRupiah: Record<InterventionProgramme, number>;
  /** Base priority per programme; higher is more urgent. */
  basePriority: Record<InterventionProgramme, number>;
  /** Added per desil below the top: priority += desilPriorityWeight x (11 - desil). */
  desilPriorityWeight: number;
  /** Added to stunting-sensitive programmes in families at stunting risk. */
  stuntingPriorityBonus: number;
  /** PKH pays per component (pregnancy, young child, school child, elderly) up to this many per family. */
  pkhMaxComponents: number;
  pkhElderlyFromAge: number;
  /** School age without schooling data: 6-21 as PIP uses; PKH's school components are taken as 6-18. */
  schoolAge: { pip: IntRange; pkh: IntRange };
  /** RTLH: an owned house with at least this many poor components among roof, wall and floor. */
  rtlhMinPoorComponents: number;
  rtlhPoorRoofs: readonly JenisAtap[];
  rtlhPoorWalls: readonly JenisDinding[];
  rtlhPoorFloors: readonly JenisLantai[];
  /** PMT for toddlers starts after exclusive breastfeeding (6 months) up to 59 months. */
  pmtChildAgeMonths: IntRange;
  /** Working age for Prakerja and KUR/UMi, and how many Prakerja places one family is proposed for. */
  workingAge: IntRange;
  prakerjaMaxPerFamily: number;
}

const SOCIAL_ASSISTANCE: IntRange = { min: 1, max: 4 };
const ANY_DESIL: IntRange = { min: 1, max: 10 };

export const DEFAULT_INTERVENTION_PARAMS: Readonly<InterventionParams> = {
  desilRange: {
    pkh: SOCIAL_ASSISTANCE,
    sembako: SOCIAL_ASSISTANCE,
    pbi_jkn: { min: 1, max: 5 },
    pip_kip: SOCIAL_ASSISTANCE, // unconfirmed
    bsps_rtlh: SOCIAL_ASSISTANCE, // unconfirmed
    sanitation: SOCIAL_ASSISTANCE,
    clean_water: SOCIAL_ASSISTANCE,
    electricity_connection: SOCIAL_ASSISTANCE,
    stunting_pmt: ANY_DESIL, // health need, not means-tested
    stunting_iron_tablets: ANY_DESIL,
    stunting_bkb: ANY_DESIL,
    prakerja: SOCIAL_ASSISTANCE, // unconfirmed
    kur_umi: { min: 3, max: 6 }, // unconfirmed: credit suits the less poor; the poorest get assistance first
  },
  unitCostRupiah: {
    pkh: 2_000_000, // average per component per year (rates differ by component)
    sembako: 2_400_000, // Rp 200,000 a month
    pbi_jkn: 504_000, // Rp 42,000 premium a month per person
    pip_kip: 1_000_000, // average of the SD / SMP / SMA rates per pupil per year
    bsps_rtlh: 20_000_000, // per house
    sanitation: 5_000_000, // latrine with septic tank
    clean_water: 3_000_000, // connection or protected source
    electricity_connection: 1_000_000, // new metered connection
    stunting_pmt: 1_800_000, // 120 days x Rp 15,000 per recipient
    stunting_iron_tablets: 50_000, // 90 tablets per pregnancy
    stunting_bkb: 100_000, // materials per family per year
    prakerja: 4_200_000, // training, incentive and survey per participant
    kur_umi: 1_500_000, // interest subsidy and facilitation; the loan itself is not budget
  },
  basePriority: {
    stunting_pmt: 50,
    stunting_iron_tablets: 50,
    sanitation: 40,
    clean_water: 40,
    pbi_jkn: 35,
    pkh: 35,
    stunting_bkb: 30,
    sembako: 30,
    bsps_rtlh: 25,
    electricity_connection: 25,
    pip_kip: 25,
    prakerja: 15,
    kur_umi: 10,
  },
  desilPriorityWeight: 5,
  stuntingPriorityBonus: 20,
  pkhMaxComponents: 4,
  pkhElderlyFromAge: 60,
  schoolAge: { pip: { min: 6, max: 21 }, pkh: { min: 6, max: 18 } },
  rtlhMinPoorComponents: 2,
  rtlhPoorRoofs: ['bambu', 'jerami_ijuk_rumbia'],
  rtlhPoorWalls: ['anyaman_bambu', 'bambu', 'lainnya'],
  rtlhPoorFloors: ['tanah', 'bambu'],
  pmtChildAgeMonths: { min: 6, max: 59 },
  workingAge: { min: 18, max: 64 },
  prakerjaMaxPerFamily: 1,
};
