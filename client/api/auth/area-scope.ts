/**
 * A user's area: the whole campaign area, or lists of kecamatan (6 digits) and desa (10 digits). Pure functions,
 * so the rules are tested without a server.
 */
export interface AreaScope {
  allAreas: boolean;
  kecamatanCodes: readonly string[];
  desaCodes: readonly string[];
}

const isKecamatan = (code: string): boolean => /^\d{6}$/.test(code);
const isDesa = (code: string): boolean => /^\d{10}$/.test(code);

/** A kecamatan or desa wholly inside the scope (a campaign area a program manager may start). */
export function regionInScope(scope: AreaScope, code: string): boolean {
  if (scope.allAreas) return true;
  if (isKecamatan(code)) return scope.kecamatanCodes.includes(code);
  if (isDesa(code)) return scope.kecamatanCodes.includes(code.slice(0, 6)) || scope.desaCodes.includes(code);
  return false;
}

/** A region that shares at least one desa with the scope (a campaign a supervisor may read). */
export function regionOverlapsScope(scope: AreaScope, code: string): boolean {
  if (regionInScope(scope, code)) return true;
  return isKecamatan(code) && scope.desaCodes.some((d) => d.startsWith(code));
}

export const campaignVisibleTo = (scope: AreaScope, regionCodes: readonly string[]): boolean =>
  regionCodes.some((code) => regionOverlapsScope(scope, code));

export const campaignStartableBy = (scope: AreaScope, regionCodes: readonly string[]): boolean =>
  regionCodes.every((code) => regionInScope(scope, code));
