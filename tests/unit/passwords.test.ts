import { describe, expect, it, vi } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../db/src/accounts/passwords';

const fields = (hash: string) => {
  const [scheme, n, r, p, salt, key] = hash.split('$');
  return { scheme, n, r, p, saltBytes: Buffer.from(salt!, 'base64url').length, keyBytes: Buffer.from(key!, 'base64url').length };
};

describe('the hash checked for an unknown user name', () => {
  it('costs what a real hash costs to check: the same scheme, work factor, salt and key length', () => {
    expect(fields(DUMMY_HASH)).toEqual(fields(hashPassword('ein-Passwort-1')));
  });

  it('accepts no password', () => {
    expect(verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(verifyPassword('demo1234', DUMMY_HASH)).toBe(false);
  });

  // Each process start (every CLI call) loads this module: a hash made at load cost one
  // scrypt, ~50 ms, before anything else could run.
  it('is fixed text rather than made when the module loads', async () => {
    vi.resetModules();
    const again = await import('../../db/src/accounts/passwords');
    expect(again.DUMMY_HASH).toBe(DUMMY_HASH);
  });
});
