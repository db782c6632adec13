/**
 * Bearer tokens: 32 random bytes, shown once, stored only as their SHA-256.
 *
 * Why a plain SHA-256 and not bcrypt/scrypt: slow hashes protect low-entropy secrets (passwords) against guessing
 * after a database leak. A 256-bit random token cannot be guessed, so one fast hash already makes a leaked table
 * useless, and the lookup stays a single unique-index probe on the hash (no per-user salt to try).
 */
import { createHash, randomBytes } from 'node:crypto';

/** Tokens read `vv_<43 base64url characters>`: the prefix lets secret scanners and people recognise them. */
export const TOKEN_PREFIX = 'vv_';
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^vv_[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any database lookup. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
