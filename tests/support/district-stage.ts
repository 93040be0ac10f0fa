/**
 * Hands a case waiting at 待区级审核确认 off to its deciding authority as the 移交 export
 * will: a completed export run of kind 'handoff' and markHandedOff, in one core transaction
 * with its audit row. For tests of what follows a hand-off (the authority's clock, the
 * lists), without writing a package folder.
 */
import type Database from 'better-sqlite3';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { markHandedOff } from '../../db/src/cases/handoff';
import { getCaseRow } from '../../db/src/cases/store';
import { appendAudit } from '../../db/src/kernel/audit-chain';
import type { Ctx } from '../../db/src/kernel/handler';

export function handOffForTest(db: Database.Database, caseId: number, day: string, by: { id: number; name: string }, now: Date, centreCode = '310101001'): { runId: number; folder: string } {
  const folder = `/tmp/onewindow-test-exports/${centreCode}_handoff_${day}`;
  return db.transaction(() => {
    const runId = Number(
      db
        .prepare(
          `INSERT INTO export_runs (kind, period, run_no, trigger, actor_id, actor_name, encoding, status, folder, rows, files, manifest_sha256, started_at, finished_at)
           VALUES ('handoff', @day, 1, 'manual', @id, @name, 'utf8', 'ok', @folder, 1, '[]', @sha, @at, @at)`,
        )
        .run({ day, id: by.id, name: by.name, folder, sha: '0'.repeat(64), at: now.toISOString() }).lastInsertRowid,
    );
    const row = getCaseRow(db, caseId)!;
    const item = getItemVersion(db, row.item_code, row.item_version);
    const ctx = {
      db,
      session: { userId: by.id, username: by.name, displayName: by.name, roles: ['reviewer'] },
      now: () => now,
      clock: () => now,
      handler: 'exports.run',
      audit: (entry) => appendAudit(db, by, now, { ...entry, handler: 'exports.run' }),
    } as Partial<Ctx> as Ctx;
    markHandedOff(ctx, row, item, runId, day);
    ctx.audit({ action: 'handoff', recordType: 'case', recordId: caseId, before: null, after: { runId, day }, detail: null });
    return { runId, folder };
  })();
}
