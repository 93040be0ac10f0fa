import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, sourceFiles } from '../support/imports';

// Every screen reads and writes the core only through the data layer
// (renderer/src/api/query.ts): no direct `call` from the client and no hand-made
// busy/error bookkeeping around a call, so every read is cached and every write
// invalidates what it changes. Only renderer/src/api/ itself calls the client.
const files = sourceFiles(join(REPO, 'renderer/src')).filter((f) => !relative(REPO, f).startsWith('renderer/src/api/'));
const text = (file: string) => readFileSync(file, 'utf8');
const name = (file: string) => relative(REPO, file);

describe('every screen uses the data layer', () => {
  it('finds the files (the scan works)', () => {
    expect(files.map(name)).toContain('renderer/src/features/households/HouseholdSection.tsx');
    expect(files.map(name)).toContain('renderer/src/features/intake/IntakePage.tsx');
    expect(files.map(name)).toContain('renderer/src/features/cases/CasePage.tsx');
    expect(files.map(name)).toContain('renderer/src/app/AppLayout.tsx');
  });

  it('never imports call from the API client', () => {
    const importsCall = /import\s*\{[^}]*\bcall\b[^}]*\}\s*from\s*['"][./]*api\/client['"]/;
    expect(files.filter((f) => importsCall.test(text(f))).map(name)).toEqual([]);
  });

  it('keeps no busy flag or try/finally of its own around a call', () => {
    const handMade = /\bsetBusy\b|\bfinally\s*\{/;
    expect(files.filter((f) => handMade.test(text(f))).map(name)).toEqual([]);
  });
});
