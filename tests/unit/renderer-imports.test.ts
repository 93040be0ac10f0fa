import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, importsOf, sourceFiles } from '../support/imports';

// The renderer runs in a browser: from db/ it may take the contract's types (erased at
// build time) and the pure code in db/src/shared, nothing that opens files or databases.
describe('the renderer imports from db/ only the contract types and db/src/shared', () => {
  const sites = sourceFiles(join(REPO, 'renderer/src')).flatMap(importsOf);
  const intoDb = sites.filter((s) => s.target?.startsWith('db/'));

  it('finds the renderer imports (the scan works)', () => {
    expect(sites.length).toBeGreaterThan(100);
    expect(intoDb.some((s) => s.target === 'db/src/contract' && s.typeOnly)).toBe(true);
    expect(intoDb.some((s) => s.target?.startsWith('db/src/shared/'))).toBe(true);
  });

  it('has no other import from db/', () => {
    const allowed = (s: (typeof intoDb)[number]) =>
      s.target!.startsWith('db/src/shared/') || (s.target === 'db/src/contract' && s.typeOnly);
    expect(intoDb.filter((s) => !allowed(s)).map((s) => `${s.file} → ${s.specifier}${s.typeOnly ? ' (type)' : ''}`)).toEqual([]);
  });

  it('db/src/shared itself imports nothing outside db/src/shared', () => {
    const shared = sourceFiles(join(REPO, 'db/src/shared')).flatMap(importsOf);
    const outside = shared.filter((s) => s.target !== null && !s.target.startsWith('db/src/shared/'));
    const nodeOnly = shared.filter((s) => s.target === null && /^(node:|better-sqlite3|electron)/.test(s.specifier));
    expect([...outside, ...nodeOnly].map((s) => `${s.file} → ${s.specifier}`)).toEqual([]);
  });
});
