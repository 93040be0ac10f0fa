import { describe, expect, it } from 'vitest';
import { activeBenefits } from '../../db/src/cases/precheck';
import { openCore } from '../../db/src/core';
import { dbAtVersion } from '../support/temp';

const plan = (db: import('better-sqlite3').Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 0008: benefit lookups by resident', () => {
  it('applies on a version-7 file with data and makes the precheck lookups use the resident indexes', () => {
    const { db, path } = dbAtVersion(7);
    db.prepare("UPDATE settings SET value = json_quote('迁移测试中心') WHERE key = 'centreName'").run();
    db.close();
    const core = openCore({ dbPath: path, logger: { error() {}, warn() {}, info() {} } });
    try {
      expect(core.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
      expect(JSON.parse((core.db.prepare("SELECT value FROM settings WHERE key = 'centreName'").get() as { value: string }).value)).toBe('迁移测试中心');
      const paid = plan(
        core.db,
        "SELECT b.item_code FROM beneficiaries b JOIN cases c ON c.id = b.case_id WHERE b.resident_id = 1 AND (b.stop_month IS NULL OR b.stop_month > '2026-11') ORDER BY b.id",
      );
      expect(paid).toContain('beneficiaries_resident');
      expect(paid).not.toMatch(/SCAN b\b/);
      const approved = plan(
        core.db,
        "SELECT c.item_code FROM cases c WHERE c.resident_id = 1 AND c.status = 'approved' AND NOT EXISTS (SELECT 1 FROM beneficiaries b WHERE b.case_id = c.id) ORDER BY c.id",
      );
      expect(approved).toContain('cases_resident_status');
      expect(activeBenefits(core.db, 1, '2026-11-22')).toEqual([]);
    } finally {
      core.close();
    }
  });
});
