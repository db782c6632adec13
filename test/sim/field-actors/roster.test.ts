/**
 * The demo roster: who covers which desa, who supervises which kecamatan, and its import into PostgreSQL.
 */
import { OfficerSchema } from '../../../db/entities/officer.entity';
import { loadIknArea } from '../../../domain/regions';
import { DAILY_CAPACITY, demoRoster, demoUsers, upsertOfficers } from '../../../sim/field-actors/roster';
import { openHarness, type Harness } from '../../support/harness';

describe('demo roster', () => {
  const area = loadIknArea();
  const roster = demoRoster(area);
  const verifiers = roster.filter((o) => o.role === 'field_verifier');
  const supervisors = roster.filter((o) => o.role === 'supervisor');

  it('when built for the IKN area, then every desa has one or two verifiers of its own', () => {
    for (const desa of area.desa) {
      const own = verifiers.filter((v) => v.id.startsWith(`ver-${desa.code}-`));
      expect([1, 2]).toContain(own.length);
      for (const v of own) {
        expect(v.desaCoverage[0]).toBe(desa.code);
        expect(v.kecamatanCode).toBe(desa.kecamatanCode);
      }
    }
    expect(new Set(verifiers.flatMap((v) => v.desaCoverage))).toEqual(new Set(area.desa.map((d) => d.code)));
  });

  it('when a verifier covers a second desa, then it is a desa of the same kecamatan', () => {
    const extra = verifiers.filter((v) => v.desaCoverage.length > 1);
    expect(extra.length).toBeGreaterThan(0);
    for (const v of extra) {
      expect(v.desaCoverage).toHaveLength(2);
      for (const code of v.desaCoverage) expect(code.slice(0, 6)).toBe(v.kecamatanCode);
      expect(v.desaCoverage[1]).not.toBe(v.desaCoverage[0]);
    }
  });

  it('when built, then every kecamatan has exactly one supervisor, sup-<kecamatan code>', () => {
    expect(supervisors.map((s) => s.id).sort()).toEqual(area.kecamatan.map((k) => `sup-${k.code}`).sort());
    for (const s of supervisors) expect(s.desaCoverage).toEqual([]);
  });

  it('when built, then ids are unique, capacities lie in 15-30 and names are filled in', () => {
    expect(new Set(roster.map((o) => o.id)).size).toBe(roster.length);
    for (const v of verifiers) {
      expect(v.dailyCapacity).toBeGreaterThanOrEqual(DAILY_CAPACITY.min);
      expect(v.dailyCapacity).toBeLessThanOrEqual(DAILY_CAPACITY.max);
    }
    expect(roster.filter((o) => o.name.trim().length === 0)).toEqual([]);
  });

  it('when built twice, then it is the same roster; another seed gives other people', () => {
    expect(demoRoster(area)).toEqual(roster);
    expect(demoRoster(area, { seed: 1 }).map((o) => o.name)).not.toEqual(roster.map((o) => o.name));
  });

  it('when the program managers are asked for, then the starter and the approver are two different people', () => {
    const users = demoUsers();
    expect(users.starter.id).toBe('pm-starter');
    expect(users.approver.id).toBe('pm-approver');
    expect(users.starter.role).toBe('program_manager');
  });

  describe('when imported into PostgreSQL', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await openHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('then every officer is stored, and importing again changes nothing', async () => {
      // Arrange: a roster of our own, so other tests' officers are not touched.
      const own = demoRoster(area, { seed: 99 }).map((o) => ({ ...o, id: `rt-${o.id}` }));

      // Act
      const first = await upsertOfficers(h.orm, own);
      const stored = await h.orm.em.fork().find(OfficerSchema, { id: { $like: 'rt-%' } });
      const second = await upsertOfficers(h.orm, own);

      // Assert
      expect(first).toBe(own.length);
      expect(second).toBe(0);
      expect(stored).toHaveLength(own.length);
      const byId = new Map(stored.map((o) => [o.id, o]));
      for (const o of own) expect(byId.get(o.id)).toMatchObject({ role: o.role, kecamatanCode: o.kecamatanCode, desaCoverage: o.desaCoverage, dailyCapacity: o.dailyCapacity, available: true });
    });

    it('then a changed officer is updated in place', async () => {
      const [one] = demoRoster(area, { seed: 98 }).map((o) => ({ ...o, id: `rt2-${o.id}` }));
      if (!one) throw new Error('empty roster');
      await upsertOfficers(h.orm, [one]);

      const changed = await upsertOfficers(h.orm, [{ ...one, dailyCapacity: one.dailyCapacity + 1, available: false }]);

      expect(changed).toBe(1);
      const row = await h.orm.em.fork().findOneOrFail(OfficerSchema, { id: one.id });
      expect(row).toMatchObject({ dailyCapacity: one.dailyCapacity + 1, available: false });
    });
  });
});
