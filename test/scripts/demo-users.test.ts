/**
 * The demo's API users (scripts/lib/demo-users.ts): one per kind of person, and idempotent across demo runs: a
 * re-run finds the same users and gives each a fresh token, and the previous token stops working.
 *
 * The roster is a one-desa roster outside IKN (no other test file covers 3173061001), so its verifier never takes
 * a package of another test's campaign.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { findUserByToken } from '../../client/api/auth/users';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { ensureDemoUsers } from '../../scripts/lib/demo-users';
import { readTestStack } from '../support/stack-file';

const AREA = {
  kecamatan: [{ code: '317306', dotted: '31.73.06', name: 'Palmerah', kabupaten: 'Kota Administrasi Jakarta Barat' }],
  desa: [{ code: '3173061001', dotted: '31.73.06.1001', name: 'Uji Demo', level: 'kelurahan' as const, kecamatanCode: '317306', kecamatanName: 'Palmerah', kabupaten: 'Kota Administrasi Jakarta Barat' }],
};

let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init(ormConfig(readTestStack().databaseUrl));
});
afterAll(async () => {
  await orm?.close();
});

describe('demo users', () => {
  it('when the demo runs twice, then the same five users get fresh tokens and the first tokens stop working', async () => {
    const roster = demoRoster(AREA);
    await upsertOfficers(orm, roster);

    const first = await ensureDemoUsers(orm, roster);
    expect(first.map((u) => [u.role, u.id])).toEqual([
      ['program_manager', 'pm-starter'],
      ['program_manager', 'pm-approver'],
      ['supervisor', 'sup-317306'],
      ['officer', 'ver-3173061001-1'],
      ['admin', 'admin-demo'],
    ]);
    for (const u of first) expect((await findUserByToken(orm.em.fork(), u.token))?.id).toBe(u.id);
    expect((await findUserByToken(orm.em.fork(), first[2]?.token ?? ''))?.scope).toEqual({ allAreas: false, kecamatanCodes: ['317306'], desaCodes: [] });

    const second = await ensureDemoUsers(orm, roster);
    expect(second.map((u) => u.id)).toEqual(first.map((u) => u.id));
    for (const [i, u] of second.entries()) {
      expect(u.token).not.toBe(first[i]?.token);
      expect((await findUserByToken(orm.em.fork(), u.token))?.id).toBe(u.id);
      expect(await findUserByToken(orm.em.fork(), first[i]?.token ?? '')).toBeNull();
    }
  });
});
