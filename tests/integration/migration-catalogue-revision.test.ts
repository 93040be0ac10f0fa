import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { REVISION_NAME, revisionPath } from '../../db/src/catalogue/seed/generate-revision';
import { validatedSeed } from '../../db/src/catalogue/seed/validated';
import { defaultMigrationsDir, loadMigrations } from '../../db/src/database/migrations';
import { dbAtVersion, testClock } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** The item codes the revision gives a new version ("-- CODE name" headings). */
function revisedCodes(): string[] {
  const sql = readFileSync(revisionPath(defaultMigrationsDir()), 'utf8');
  return [...sql.matchAll(/^-- ([A-Z]{2}-[A-Z]+-\d{3}) /gm)].map((m) => m[1]!);
}

describe('catalogue revision migration', () => {
  it('gives every seed item the new rules where the centre kept the seed, and keeps an administrator\'s own version', () => {
    const codes = revisedCodes();
    expect(codes.length).toBeGreaterThanOrEqual(1);
    const revision = loadMigrations().find((m) => m.name === REVISION_NAME)!;
    const { db, path } = dbAtVersion(revision.version - 1);
    // The administrator saved their own version 2 of the first revised item.
    const edited = codes[0]!;
    const v1 = JSON.parse((db.prepare('SELECT definition FROM catalogue_item_versions WHERE code = ? AND version = 1').get(edited) as { definition: string }).definition);
    const own = { ...v1, description: '本中心自行修改的说明' };
    db.prepare(`INSERT INTO catalogue_item_versions (code, version, definition) VALUES (?, 2, json(?))`).run(edited, JSON.stringify(own));
    db.prepare('UPDATE catalogue_items SET current_version = 2 WHERE code = ?').run(edited);
    db.close();

    const core = openCore({ dbPath: path, logger: quiet, now: testClock().now });
    try {
      const seed = new Map(validatedSeed().map((d) => [d.code, d]));
      const kept = getItemVersion(core.db, edited);
      expect(kept.version).toBe(2);
      expect(kept.description).toBe('本中心自行修改的说明');
      for (const code of codes.slice(1)) {
        const { version, savedAt, ...definition } = getItemVersion(core.db, code);
        expect(version, code).toBeGreaterThanOrEqual(2);
        expect(definition, code).toEqual(seed.get(code));
      }
      // Versions already saved stay readable: cases taken in under version 1 keep its rules.
      expect(getItemVersion(core.db, codes[codes.length - 1]!, 1).version).toBe(1);
    } finally {
      core.close();
    }
  });
});
