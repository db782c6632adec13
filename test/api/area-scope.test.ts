/** The area rules of the API, pure: which campaigns and cases a user's scope reaches, and which users may exist. */
import { campaignStartableBy, campaignVisibleTo, regionInScope, type AreaScope } from '../../client/api/auth/area-scope';
import { newUserSchema } from '../../client/api/auth/users';
import { generateToken, hashToken, looksLikeToken } from '../../client/api/auth/tokens';

const sepaku: AreaScope = { allAreas: false, kecamatanCodes: ['640904'], desaCodes: [] };
const oneDesa: AreaScope = { allAreas: false, kecamatanCodes: [], desaCodes: ['6402021001'] };
const everywhere: AreaScope = { allAreas: true, kecamatanCodes: [], desaCodes: [] };

describe('area scope', () => {
  it('when a region is a kecamatan or a desa, then it is in scope only if the scope holds it or its kecamatan', () => {
    expect(regionInScope(sepaku, '640904')).toBe(true);
    expect(regionInScope(sepaku, '6409041005')).toBe(true);
    expect(regionInScope(sepaku, '640202')).toBe(false);
    expect(regionInScope(oneDesa, '6402021001')).toBe(true);
    expect(regionInScope(oneDesa, '640202')).toBe(false);
    expect(regionInScope(sepaku, 'not-a-code')).toBe(false);
    expect(regionInScope(everywhere, '317301')).toBe(true);
  });

  it('when a campaign covers several regions, then one shared desa makes it visible, and only the whole area makes it startable', () => {
    expect(campaignVisibleTo(oneDesa, ['640202'])).toBe(true);
    expect(campaignStartableBy(oneDesa, ['640202'])).toBe(false);
    expect(campaignVisibleTo(sepaku, ['640202', '640904'])).toBe(true);
    expect(campaignStartableBy(sepaku, ['640202', '640904'])).toBe(false);
    expect(campaignStartableBy(sepaku, ['6409041005', '640904'])).toBe(true);
    expect(campaignVisibleTo(sepaku, ['317301'])).toBe(false);
  });
});

describe('API users', () => {
  it('when a user is described, then officers have no area, supervisors and managers need one, and admins get the whole area', () => {
    expect(newUserSchema.safeParse({ id: 'ver-1', name: 'V', role: 'officer', allAreas: true }).success).toBe(false);
    expect(newUserSchema.safeParse({ id: 'sup-1', name: 'S', role: 'supervisor' }).success).toBe(false);
    expect(newUserSchema.safeParse({ id: 'pm-1', name: 'P', role: 'program_manager' }).success).toBe(false);
    expect(newUserSchema.safeParse({ id: 'sup-1', name: 'S', role: 'supervisor', kecamatanCodes: ['6409'] }).success).toBe(false);
    expect(newUserSchema.parse({ id: 'adm-1', name: 'A', role: 'admin' }).allAreas).toBe(true);
    expect(newUserSchema.safeParse({ id: 'x', name: 'too short id', role: 'admin' }).success).toBe(false);
  });

  it('when a token is made, then it is 32 random bytes with a prefix, and its hash is the hex SHA-256', () => {
    const a = generateToken();
    expect(looksLikeToken(a)).toBe(true);
    expect(a).not.toBe(generateToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeToken('Bearer abc')).toBe(false);
  });
});
