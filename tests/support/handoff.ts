/**
 * Handing district-decided cases off without the 移交 export (part of #18 built apart):
 * markHandedOff inside one transaction with a (pretend) completed export run of `day`, as
 * the export's run does. For integration and e2e fixtures alike (no test runner imports).
 */
import type Database from 'better-sqlite3';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { markHandedOff } from '../../db/src/cases/handoff';
import { getCaseRow } from '../../db/src/cases/store';
import type { Ctx } from '../../db/src/kernel/handler';

export function handOffIn(db: Database.Database, caseIds: number[], day: string): void {
  const admin = db.prepare("SELECT id, username, display_name FROM users WHERE roles LIKE '%admin%' ORDER BY id LIMIT 1").get() as { id: number; username: string; display_name: string };
  const ctx = {
    db,
    session: { userId: admin.id, username: admin.username, displayName: admin.display_name, roles: ['admin'] },
    now: () => new Date(`${day}T10:00:00+08:00`),
  } as unknown as Ctx;
  db.transaction(() => {
    const run = db
      .prepare(
        `INSERT INTO export_runs (kind, period, run_no, trigger, actor_id, actor_name, encoding, status, folder, rows, files, started_at, finished_at)
         VALUES ('handoff', ?, 1, 'manual', ?, ?, 'utf8', 'ok', ?, ?, '[]', ?, ?)`,
      )
      .run(day, admin.id, admin.display_name, `移交_${day}`, caseIds.length, `${day}T02:00:00.000Z`, `${day}T02:00:01.000Z`);
    for (const id of caseIds) {
      const row = getCaseRow(db, id)!;
      markHandedOff(ctx, row, getItemVersion(db, row.item_code, row.item_version), Number(run.lastInsertRowid), day);
    }
  })();
}
