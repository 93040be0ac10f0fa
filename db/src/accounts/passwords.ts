import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** Work factor: ~50 ms per check on these machines; slow enough for guessing, quick at the counter. */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
export const MIN_PASSWORD_LENGTH = 8;

/** `scrypt$N$r$p$salt$key`, salt and key in base64url: the parameters travel with the hash. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/**
 * Checked against when the user name does not exist, so that a wrong name takes as long as
 * a wrong password: the same scheme, work factor, salt and key length as hashPassword's, so
 * verifyPassword does the same scrypt. Fixed text rather than the hash of a random password
 * made at load, which cost every process start (each CLI call) one scrypt; no password
 * needs to match it, since login refuses a name without its row whatever the check says.
 */
export const DUMMY_HASH = ['scrypt', N, R, P, Buffer.alloc(16).toString('base64url'), Buffer.alloc(KEY_LENGTH).toString('base64url')].join('$');
