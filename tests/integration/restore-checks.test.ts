import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { createApp } from '../../db/src/app';
import { writeFileSync } from 'node:fs';
import { DatabaseCorruptError } from '../../db/src/backups/integrity';
import { ADMIN, tempDbPath, testClock, testCore, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

async function world() {
  const clock = testClock('2026-11-22T09:30:15+08:00');
  const core = testCore({ now: clock.now });
  const people = await withPeople(core);
  for (let i = 0; i < 3; i++) await people.as('admin', 'settings.update', { warningDays: 1 + i });
  const backup = (await people.as('admin', 'backups.create', { note: '待篡改' })).file as string;
  await people.as('admin', 'settings.update', { warningDays: 7 });
  return { clock, core, backup, path: join(core.database.backupsDir, backup), ...people };
}

/** Edits a backup the way a tool outside the program would. */
function tamper(path: string, work: (db: Database.Database) => void) {
  const db = new Database(path);
  work(db);
  db.close();
}

/** Runs `work` with the audit log's triggers dropped, then puts them back exactly as they were. */
function withoutTriggers(db: Database.Database, work: () => void) {
  const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  work();
  for (const t of triggers) db.exec(t.sql);
}

/** What must not change when a restore is refused. */
function snapshot(core: ReturnType<typeof testCore>) {
  return {
    audit: (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
    warningDays: core.db.prepare("SELECT value FROM settings WHERE key = 'warningDays'").get(),
    backups: readdirSync(core.database.backupsDir).sort(),
  };
}

describe('backups.restore checks the backup before trusting it', () => {
  it('refuses a backup whose audit row was edited, with the reason, and changes nothing', async () => {
    const { core, path, backup, asErr } = await world();
    // The triggers put back as they were, so that only the audit chain can tell.
    tamper(path, (db) => withoutTriggers(db, () => db.prepare("UPDATE audit_log SET actor_name = '别人' WHERE id = 2").run()));
    const before = snapshot(core);
    const refused = await asErr('admin', 'backups.restore', { file: backup });
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { file: backup, reason: 'audit_chain' } });
    expect(refused.message).toContain('审计日志校验未通过');
    expect(refused.message).toContain('第 2 行');
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses a backup whose last audit rows were cut off since it was taken', async () => {
    const { core, path, backup, asErr } = await world();
    tamper(path, (db) => withoutTriggers(db, () => db.prepare('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)').run()));
    const before = snapshot(core);
    const refused = await asErr('admin', 'backups.restore', { file: backup });
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'audit_chain' } });
    expect(refused.message).toContain('末尾缺少行');
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses a backup with a table the program does not make', async () => {
    const { core, path, backup, asErr } = await world();
    tamper(path, (db) => db.exec('CREATE TABLE extra_notes (id INTEGER PRIMARY KEY, text TEXT)'));
    const before = snapshot(core);
    const refused = await asErr('admin', 'backups.restore', { file: backup });
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'unknown_schema', problems: ['多出表 extra_notes（版本 ' + core.database.programSchemaVersion + ' 没有）'] } });
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses a backup whose version number does not match its tables', async () => {
    const { core, path, backup, asErr } = await world();
    tamper(path, (db) => db.pragma('user_version = 3'));
    const before = snapshot(core);
    const refused = await asErr('admin', 'backups.restore', { file: backup });
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'unknown_schema' } });
    expect(refused.message).toContain('数据库结构不是本程序的');
    expect((refused.details as { problems: string[] }).problems).toContain('多出表 users（版本 3 没有）');
    expect(snapshot(core)).toEqual(before);
  });

  it('still restores an untouched backup', async () => {
    const { core, backup, tokens } = await world();
    const res = await core.dispatch('backups.restore', { file: backup }, tokens.admin);
    expect(res).toMatchObject({ ok: true });
    expect(core.db.prepare("SELECT value FROM settings WHERE key = 'warningDays'").get()).toEqual({ value: '3' });
  });
});

describe('the recovery screen checks the backup too', () => {
  it('refuses a tampered backup before anything is swapped', async () => {
    const dbPath = tempDbPath();
    const core = openCore({ dbPath, logger: quiet });
    const { as } = await withPeople(core);
    const backup = (await as('admin', 'backups.create', {})).file as string;
    core.close();
    tamper(join(core.database.backupsDir, backup), (db) => db.exec('CREATE TABLE extra_notes (id INTEGER PRIMARY KEY)'));
    writeFileSync(dbPath, 'not a database, as a damaged file would be');
    const recovery = createApp({ dbPath, log: quiet });
    expect(recovery.mode).toBe('recovery');
    try {
      const res = await recovery.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password });
      expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'unknown_schema' } } });
      expect(recovery.mode).toBe('recovery');
      expect(readdirSync(core.database.backupsDir).filter((f) => f.includes('broken'))).toEqual([]);
    } finally {
      recovery.close();
    }
  });
});
