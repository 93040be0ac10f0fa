import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestVersion, loadMigrations, defaultMigrationsDir } from '../../db/src/database/migrations';
import { DatabaseTooNewError, openDatabase } from '../../db/src/database/open';
import { dbAtVersion, tempDbPath, tempDir, testCore } from '../support/temp';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const LATEST = latestVersion(loadMigrations());

describe('migrations', () => {
  it('bring a fresh file to the latest version with WAL and foreign keys on', () => {
    const core = testCore();
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(core.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(core.applied).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
  });

  it('are numbered 1..N without gaps', () => {
    const files = readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBe(LATEST);
  });

  it('upgrade a file of every earlier version and keep its data', () => {
    for (let from = 1; from < LATEST; from++) {
      const { db, path } = dbAtVersion(from);
      db.prepare("UPDATE settings SET value = json_quote('升级测试中心') WHERE key = 'centreName'").run();
      db.close();
      const { db: upgraded, applied } = openDatabase(path);
      expect(applied[0]).toBe(from + 1);
      expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST);
      const row = upgraded.prepare("SELECT value FROM settings WHERE key = 'centreName'").get() as { value: string };
      expect(JSON.parse(row.value)).toBe('升级测试中心');
      expect(upgraded.pragma('foreign_key_check')).toEqual([]);
      upgraded.close();
    }
  });

  it('refuse a file from a newer program and leave it byte for byte', () => {
    const { db, path } = dbAtVersion(LATEST);
    db.pragma(`user_version = ${LATEST + 5}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = sha(path);
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect((error as Error).message).toMatch(/比本程序支持的版本/);
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('roll back every pending migration when one fails', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(join(defaultMigrationsDir(), '0001_settings.sql'), join(migrations, '0001_settings.sql'));
    writeFileSync(join(migrations, '0002_good.sql'), 'CREATE TABLE extra (x INTEGER) STRICT;');
    writeFileSync(join(migrations, '0003_bad.sql'), 'INSERT INTO no_such_table VALUES (1);');
    const path = tempDbPath();
    const { db } = openDatabase(path, { migrationsDir: migrations, migrate: false });
    db.close();
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(/no_such_table/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('settings', 'extra')").get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuse a migration folder with a gap in its numbers', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/编号不连续/);
  });
});
