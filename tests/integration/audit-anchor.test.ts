import Database from 'better-sqlite3';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowHash, GENESIS_HASH, type AuditRow } from '../../db/src/kernel/audit-chain';
import { auditAnchorPath } from '../../db/src/audit/anchor';
import { ensureDailyBackup } from '../../db/src/backups/daily';
import { testClock, testCore, withPeople, tempDir } from '../support/temp';

const head = (db: Database.Database) => db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
const anchorOf = (dbPath: string) => JSON.parse(readFileSync(auditAnchorPath(dbPath), 'utf8')) as { id: number; hash: string; at: string };

async function world() {
  const clock = testClock('2026-03-03T10:00:00+08:00');
  const core = testCore({ now: clock.now });
  const people = await withPeople(core);
  for (let i = 0; i < 4; i++) await people.as('admin', 'settings.update', { warningDays: 1 + i });
  return { clock, core, ...people };
}

/** What a tool outside the program can do to the file: drop the triggers and change rows freely. */
function outside(dbPath: string, work: (db: Database.Database) => void) {
  const db = new Database(dbPath);
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  work(db);
  db.close();
}

describe('the audit chain is anchored outside the database', () => {
  it('a backup writes the head to the anchor file beside the database (0600) and into the backup metadata', async () => {
    const { core, as } = await world();
    const info = await as('admin', 'backups.create', { note: '锚定' });
    const anchor = anchorOf(core.dbPath);
    expect(anchor).toMatchObject(head(core.db));
    expect(anchor.at).toBe('2026-03-03T02:00:00.000Z');
    if (process.platform !== 'win32') expect(statSync(auditAnchorPath(core.dbPath)).mode & 0o777).toBe(0o600);
    // The copy's own last row (the backup's audit row comes after the copy).
    const copy = new Database(join(core.database.backupsDir, info.file), { readonly: true });
    expect(info.auditHead).toEqual(head(copy));
    copy.close();
    expect((await as('admin', 'backups.list'))[0]!.auditHead).toEqual(info.auditHead);
    expect(await as('admin', 'audit.verify')).toMatchObject({ ok: true, anchor: { id: anchor.id, hash: anchor.hash } });
  });

  it('finds the last rows deleted after the anchor', async () => {
    const { core, as } = await world();
    await as('admin', 'backups.create', {});
    const anchored = anchorOf(core.dbPath).id;
    outside(core.dbPath, (db) => db.prepare('DELETE FROM audit_log WHERE id > ?').run(anchored - 3));
    const result = await as('admin', 'audit.verify');
    expect(result).toMatchObject({ ok: false, firstBadId: anchored - 2 });
    expect(result.reason).toContain('末尾缺少行');
    expect(result.reason).toContain(`第 ${anchored} 行`);

    // The next backup keeps the evidence rather than anchoring the shortened chain.
    await as('admin', 'backups.create', {});
    expect(anchorOf(core.dbPath).id).toBe(anchored);
    expect(await as('admin', 'audit.verify')).toMatchObject({ ok: false });
  });

  it('finds a chain forged and re-hashed from an edited row on, because the anchored hash differs', async () => {
    const { core, as } = await world();
    await as('admin', 'backups.create', {});
    const anchored = anchorOf(core.dbPath);
    outside(core.dbPath, (db) => {
      db.prepare("UPDATE audit_log SET after = json_object('warningDays', 9) WHERE id = 3").run();
      let prev = GENESIS_HASH;
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRow[];
      const fix = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
      // Unique hashes: write each new hash after moving the old ones out of the way.
      db.prepare("UPDATE audit_log SET hash = 'old-' || hash").run();
      for (const row of rows) {
        const hash = rowHash({ ...row, prev_hash: prev });
        fix.run(prev, hash, row.id);
        prev = hash;
      }
    });
    const result = await as('admin', 'audit.verify');
    expect(result).toMatchObject({ ok: false, firstBadId: anchored.id });
    expect(result.reason).toContain('哈希与最近一次锚定');
  });

  it('is written by each export run and each daily backup, and named in every export manifest', async () => {
    const { core, as, clock } = await world();
    const exportDir = tempDir('onewindow-exports-');
    await as('admin', 'settings.update', { exportDir });
    const before = head(core.db);
    await as('admin', 'exports.run', { kind: 'ledger', period: '2026-03-02' });
    const [folder] = readdirSync(exportDir);
    const manifest = JSON.parse(readFileSync(join(exportDir, folder!, 'manifest.json'), 'utf8'));
    // The chain as far as the snapshot the files were read from; the run's own row follows it.
    expect(manifest.auditHead).toEqual(before);
    expect(anchorOf(core.dbPath)).toMatchObject(head(core.db));

    clock.advanceMinutes(24 * 60);
    await ensureDailyBackup(core, clock.now());
    expect(anchorOf(core.dbPath)).toMatchObject(head(core.db));
    expect(anchorOf(core.dbPath).at).toBe(clock.now().toISOString());
  });

  it('a restore starts the anchor again from the restored chain', async () => {
    const { core, as, tokens } = await world();
    const old = await as('admin', 'backups.create', {});
    for (let i = 0; i < 3; i++) await as('admin', 'settings.update', { warningDays: 2 + i });
    await as('admin', 'backups.create', {});
    const res = await core.dispatch('backups.restore', { file: old.file }, tokens.admin);
    expect(res.ok).toBe(true);
    const { tokens: again } = await withPeople(core);
    const verified = await core.dispatch('audit.verify', {}, again.admin);
    expect(verified).toMatchObject({ ok: true, result: { ok: true } });
    const restoreRow = core.db.prepare("SELECT id, hash FROM audit_log WHERE handler = 'backups.restore' AND action = 'restore'").get();
    expect(anchorOf(core.dbPath)).toMatchObject(restoreRow as object);
  });
});
