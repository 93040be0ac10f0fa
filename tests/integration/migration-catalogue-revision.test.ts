import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { REVISION_NAME } from '../../db/src/catalogue/seed/generate-revision';
import { validatedSeed } from '../../db/src/catalogue/seed/validated';
import { loadMigrations, migrate } from '../../db/src/database/migrations';
import { dbAtVersion, testClock } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/**
 * What a revision migration gives each item it revises: the version it inserts and the
 * definition, read from its SQL (`SELECT 'CODE', n, json('…') WHERE …`), in file order.
 */
function revisedItems(name: string): { code: string; version: number; definition: Record<string, unknown> }[] {
  const sql = loadMigrations().find((m) => m.name === name)!.sql;
  return [...sql.matchAll(/SELECT '([A-Z]{2}-[A-Z]+-\d{3})', (\d+), json\('([\s\S]*?)'\) WHERE/g)].map((m) => ({
    code: m[1]!,
    version: Number(m[2]),
    definition: JSON.parse(m[3]!.replace(/''/g, "'")) as Record<string, unknown>,
  }));
}

// Revisions are looked up by name: the numbers move when branches are merged.
describe.each(['catalogue_revision_2', REVISION_NAME])('catalogue revision migration %s', (name) => {
  it("gives every revised item its new rules where the centre kept the seed, and keeps an administrator's own version", () => {
    const items = revisedItems(name);
    expect(items.length).toBeGreaterThanOrEqual(1);
    const revision = loadMigrations().find((m) => m.name === name)!;
    const { db, path } = dbAtVersion(revision.version - 1);
    // The administrator saved their own next version of the first revised item.
    const edited = items[0]!.code;
    const current = (db.prepare('SELECT current_version AS v FROM catalogue_items WHERE code = ?').get(edited) as { v: number }).v;
    const before = JSON.parse((db.prepare('SELECT definition FROM catalogue_item_versions WHERE code = ? AND version = ?').get(edited, current) as { definition: string }).definition);
    db.prepare('INSERT INTO catalogue_item_versions (code, version, definition) VALUES (?, ?, json(?))').run(edited, current + 1, JSON.stringify({ ...before, description: '本中心自行修改的说明' }));
    db.prepare('UPDATE catalogue_items SET current_version = ? WHERE code = ?').run(current + 1, edited);
    const versionsBefore = new Map(items.map((i) => [i.code, (db.prepare('SELECT current_version AS v FROM catalogue_items WHERE code = ?').get(i.code) as { v: number }).v]));

    migrate(db, loadMigrations(), revision.version);
    for (const { code, version, definition } of items.slice(1)) {
      expect(version, code).toBe(versionsBefore.get(code)! + 1);
      const stored = db.prepare('SELECT i.current_version AS v, d.definition FROM catalogue_items i JOIN catalogue_item_versions d ON d.code = i.code AND d.version = i.current_version WHERE i.code = ?').get(code) as { v: number; definition: string };
      expect(stored.v, code).toBe(version);
      expect(JSON.parse(stored.definition), code).toEqual(definition);
    }
    db.close();

    // Through every later migration too: the administrator's version stays current.
    const core = openCore({ dbPath: path, logger: quiet, now: testClock().now });
    try {
      const kept = getItemVersion(core.db, edited);
      expect(kept.version).toBe(current + 1);
      expect(kept.description).toBe('本中心自行修改的说明');
      if (name === REVISION_NAME) {
        // The latest revision is the seed itself.
        const seed = new Map(validatedSeed().map((d) => [d.code, d]));
        for (const { code } of items.slice(1)) {
          const { version: _v, savedAt: _s, ...definition } = getItemVersion(core.db, code);
          expect(definition, code).toEqual(seed.get(code));
        }
      }
      // Versions already saved stay readable: cases taken in under version 1 keep its rules.
      expect(getItemVersion(core.db, items[items.length - 1]!.code, 1).version).toBe(1);
    } finally {
      core.close();
    }
  });
});

describe('catalogue revision 3: who decides (收受分离)', () => {
  it('hands 低保 and 特困 to the 区民政局 and 长护险评估 to the 区医保局, ending at 待区级审核确认; versions stored before read as decided by the centre', () => {
    const items = new Map(revisedItems('catalogue_revision_3').map((i) => [i.code, i.definition]));
    expect([...items.keys()].sort()).toEqual(['MZ-DB-001', 'MZ-TK-001', 'YB-CHXP-001']);
    expect(items.get('MZ-DB-001')).toMatchObject({ decidedBy: '区民政局', districtTimeLimitDays: 10 });
    expect(items.get('MZ-TK-001')).toMatchObject({ decidedBy: '区民政局', districtTimeLimitDays: 20 });
    expect(items.get('YB-CHXP-001')).toMatchObject({ decidedBy: '区医保局', districtTimeLimitDays: 10 });
    for (const [code, d] of items) {
      const stages = d.stages as { kind: string; name: string }[];
      expect(stages.at(-1), code).toMatchObject({ kind: 'district', name: '待区级审核确认' });
      expect(stages.some((s) => s.kind === 'approval'), code).toBe(false);
    }

    const revision = loadMigrations().find((m) => m.name === 'catalogue_revision_3')!;
    const { db, path } = dbAtVersion(revision.version - 1);
    // stored before decidedBy existed: no such key in the JSON
    const stored = JSON.parse((db.prepare("SELECT definition FROM catalogue_item_versions WHERE code = 'MZ-DB-001' AND version = 2").get() as { definition: string }).definition);
    expect(stored).not.toHaveProperty('decidedBy');
    db.close();
    const core = openCore({ dbPath: path, logger: quiet, now: testClock().now });
    try {
      expect(getItemVersion(core.db, 'MZ-DB-001', 2)).toMatchObject({ decidedBy: 'centre', version: 2 });
      expect(getItemVersion(core.db, 'MZ-DB-001', 2).districtTimeLimitDays).toBeUndefined();
      expect(getItemVersion(core.db, 'MZ-DB-001')).toMatchObject({ decidedBy: '区民政局', version: 3 });
    } finally {
      core.close();
    }
  });
});
