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

/** A hash of a random password: checked against when the user name does not exist, so
 * that a wrong name takes as long as a wrong password. */
export const DUMMY_HASH = hashPassword(randomBytes(12).toString('hex'));

