import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { dbAtVersion, ok } from '../support/temp';
import { TEST_NOW } from '../support/ids';

describe('migration 0002 (residents and households)', () => {
  it('applies on a version-1 file with data, keeping the data, and the new tables work', async () => {
    const { db, path } = dbAtVersion(1);
    db.prepare(`UPDATE settings SET value = '"虹桥街道社区事务受理服务中心"' WHERE key = 'centreName'`).run();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'residents'").get()).toBeUndefined();
    db.close();

    const quiet = { error: () => {}, warn: () => {}, info: () => {} };
    const core = openCore({ dbPath: path, logger: quiet, now: TEST_NOW });
    try {
      expect(core.applied[0]).toBe(2);
      expect((await ok(core, 'settings.get')).centreName).toBe('虹桥街道社区事务受理服务中心');
      const tables = core.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('residents', 'resident_name_bigrams', 'resident_reveals', 'households', 'household_members') ORDER BY name")
        .all()
        .map((r: any) => r.name);
      expect(tables).toEqual(['household_members', 'households', 'resident_name_bigrams', 'resident_reveals', 'residents']);
      for (const t of tables) {
        expect(core.db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
      }
      const r = await ok(core, 'residents.register', { idNumber: '11010519491231002X', name: '𠮷田' });
      const h = await ok(core, 'households.create', { headResidentId: r.id });
      expect((await ok(core, 'residents.search', { query: '𠮷田' })).items[0]!.id).toBe(r.id);
      expect((await ok(core, 'households.get', { residentId: r.id })).id).toBe(h.id);
      expect(core.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      core.close();
    }
  });
});
