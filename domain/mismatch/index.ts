/** Mismatch rules: field result vs P3KE record. Pure; safe to import from workflows. */
export * from './facts';
export * from './types';
export { compareMembers, type MemberComparison } from './members';
export { detectMismatches } from './detect';
export * from './escalation';
