import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO, importsOf, sourceFiles } from '../support/imports';

describe('db/src/kernel', () => {
  const files = sourceFiles(join(REPO, 'db/src/kernel'));

  it('holds the dispatcher, handler(), errors, sessions, the audit chain and the statement cache', () => {
    const names = files.map((f) => f.slice(f.lastIndexOf('/') + 1)).sort();
    expect(names).toEqual(expect.arrayContaining(['audit-chain.ts', 'dispatch.ts', 'errors.ts', 'handler.ts', 'prepared.ts', 'sessions.ts']));
  });

  it('imports no feature: only itself, db/src/shared and packages', () => {
    const sites = files.flatMap(importsOf);
    expect(sites.length).toBeGreaterThan(5);
    const outside = sites.filter((s) => s.target !== null && !/^db\/src\/(kernel|shared)\//.test(s.target));
    expect(outside.map((s) => `${s.file} → ${s.specifier}`)).toEqual([]);
  });
});
