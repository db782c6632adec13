import { SAFE_DRINKING_WATER, type FasilitasBab, type HubunganKeluarga, type JenisKelamin, type SumberAirMinum } from '../../domain/p3ke/value-lists';
import { assessStuntingRisk } from '../../domain/stunting';
import { DEFECT_KINDS } from '../../sim/p3ke-api/defects';
import { createPopulation, type PopulationOptions } from '../../sim/p3ke-api/population';
import { serveFamily } from '../../sim/p3ke-api/served-records';
import { IKN_DESA, IKN_KECAMATAN, nikAgrees } from './sim-test-helpers';

const base: PopulationOptions = { seed: 42, families: 600, defectRate: 0.03, defectKinds: DEFECT_KINDS, asOf: '2025-07-01' };
type Row = Record<string, unknown>;

describe('synthetic P3KE population', () => {
  it('when the same seed is used twice, then every id and record is identical', () => {
    const first = createPopulation(base);
    const second = createPopulation(base);
    for (let i = 0; i < base.families; i++) expect(serveFamily(second, i)).toEqual(serveFamily(first, i));
  });

  it('when the seed differs, then the records differ', () => {
    const a = createPopulation(base);
    const b = createPopulation({ ...base, seed: 43 });
    const same = Array.from({ length: 50 }, (_, i) => JSON.stringify(serveFamily(a, i)) === JSON.stringify(serveFamily(b, i)));
    expect(same.filter(Boolean)).toHaveLength(0);
  });

  it('when one family is built on its own, then it equals the same family built after all the others', () => {
    const warm = createPopulation(base);
    for (let i = 0; i < 300; i++) serveFamily(warm, i);
    expect(serveFamily(createPopulation(base), 299)).toEqual(serveFamily(warm, 299));
  });

  describe('when 5,000 clean families are generated', () => {
    const pop = createPopulation({ ...base, families: 5000, defectRate: 0 });
    const families: Row[] = [];
    const people: Row[] = [];
    const membersOf = new Map<string, Row[]>();
    for (let i = 0; i < pop.size; i++) {
      const served = serveFamily(pop, i);
      families.push(served.family as Row);
      people.push(...served.individuals);
      membersOf.set(served.family?.id_keluarga_p3ke as string, served.individuals);
    }
    const share = (rows: Row[], test: (r: Row) => boolean) => rows.filter(test).length / rows.length;
    const ofDesil = (test: (d: number) => boolean) => families.filter((f) => test(f.desil_kesejahteraan as number));

    it('then most families are in desil 1-4 with a thin tail above', () => {
      expect(share(families, (f) => (f.desil_kesejahteraan as number) <= 4)).toBeGreaterThan(0.78);
      expect(share(families, (f) => (f.desil_kesejahteraan as number) >= 6)).toBeGreaterThan(0.03);
    });

    it('then households have 1 to 9 members, about 3.3 on average, with exactly one head each', () => {
      const sizes = [...membersOf.values()].map((m) => m.length);
      expect(Math.min(...sizes)).toBe(1);
      expect(Math.max(...sizes)).toBe(9);
      expect(people.length / families.length).toBeGreaterThan(3.1);
      expect(people.length / families.length).toBeLessThan(3.5);
      const headCounts = [...membersOf.values()].map((m) => m.filter((p) => p.hubungan_dengan_kepala_keluarga === 'kepala_keluarga').length);
      expect(headCounts.filter((n) => n !== 1)).toEqual([]);
    });

    it('then children are younger than their parents and nobody is over 100', () => {
      const wrong: string[] = [];
      for (const members of membersOf.values()) {
        const head = members[0] as Row;
        for (const m of members) {
          if ((m.tanggal_lahir as string) <= '1925-07-01') wrong.push(`${m.id_individu as string} too old`);
          const child = m.hubungan_dengan_kepala_keluarga === 'anak';
          if (child && (m.tanggal_lahir as string) <= (head.tanggal_lahir as string)) wrong.push(`${m.id_individu as string} older than head`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('then resiko_stunting is the BKKBN rule on the snapshot date, for every family and each of its members', () => {
      const disagree = families.filter((f) => {
        const members = membersOf.get(f.id_keluarga_p3ke as string) ?? [];
        const expected = assessStuntingRisk(
          {
            members: members.map((m) => ({
              jenis_kelamin: m.jenis_kelamin as JenisKelamin,
              tanggal_lahir: m.tanggal_lahir as string,
              hubungan_dengan_kepala_keluarga: m.hubungan_dengan_kepala_keluarga as HubunganKeluarga,
              hamil: m.hamil as boolean,
            })),
            sumber_air_minum: f.sumber_air_minum as SumberAirMinum,
            fasilitas_bab: f.fasilitas_bab as FasilitasBab,
          },
          base.asOf,
        ).atRisk;
        return f.resiko_stunting !== expected || members.some((m) => m.resiko_stunting !== expected);
      });
      expect(disagree.map((f) => f.id_keluarga_p3ke)).toEqual([]);
    });

    it('then about half of the families are at stunting risk', () => {
      // BKKBN counts every couple of childbearing age as a target, and these are the poorest deciles, most on
      // unsafe water or sanitation: about half at risk (51.7 % at seed 20240501). The simulator flagged 28 % when it
      // narrowed the targets to pregnant women and children, and then ~24 % of faithful visits escalated as
      // stunting_risk_unrecorded because the field is judged by the full rule.
      const atRisk = share(families, (f) => f.resiko_stunting === true);
      expect(atRisk).toBeGreaterThan(0.45);
      expect(atRisk).toBeLessThan(0.58);
    });

    it('then housing and programme enrolment follow desil', () => {
      const unsafe = (f: Row) => !(SAFE_DRINKING_WATER as readonly unknown[]).includes(f.sumber_air_minum);
      expect(share(ofDesil((d) => d === 1), unsafe)).toBeGreaterThan(share(ofDesil((d) => d >= 5), unsafe) + 0.1);
      const pkh = (f: Row) => f.penerima_pkh === true;
      expect(share(ofDesil((d) => d === 1), pkh)).toBeGreaterThan(share(ofDesil((d) => d >= 5), pkh) + 0.2);
    });

    it('then about 70 % of NIKs were issued outside the IKN kecamatan', () => {
      const outside = share(people, (p) => !IKN_KECAMATAN.includes((p.nik as string).slice(0, 6)));
      expect(outside).toBeGreaterThan(0.65);
      expect(outside).toBeLessThan(0.75);
    });

    it('then every NIK is unique and agrees with its holder, and every family code is an IKN desa', () => {
      expect(new Set(people.map((p) => p.nik)).size).toBe(people.length);
      expect(people.filter((p) => !nikAgrees(p.nik as string, p.jenis_kelamin, p.tanggal_lahir)).map((p) => p.id_individu)).toEqual([]);
      expect(families.filter((f) => !IKN_DESA.has(f.kode_kemendagri as string)).map((f) => f.id_keluarga_p3ke)).toEqual([]);
      expect(share(people, (p) => (p.nik as string).endsWith('0001'))).toBeGreaterThan(0.9);
    });
  });
});
