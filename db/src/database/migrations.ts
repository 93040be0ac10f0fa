import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

import type { Migration } from '../kernel/handler';

export type { Migration };

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Where the numbered .sql files live. Bundled hosts (the Electron main process) pass the
 * folder explicitly because import.meta.url then points into the bundle, not into db/.
 */
export function defaultMigrationsDir(): string {
  return process.env.ONEWINDOW_MIGRATIONS_DIR ?? fileURLToPath(new URL('../../migrations/', import.meta.url));
}

const cache = new Map<string, Migration[]>();

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  const migrations = readdirSync(dir)
    .map((file) => ({ file, m: FILE_PATTERN.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  // A gap or a duplicate number means a file was lost or two branches collided; applying
  // such a set would give two centres different schemas under the same user_version.
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`迁移文件编号不连续：第 ${i + 1} 个是 ${String(m.version).padStart(4, '0')}_${m.name}.sql`);
  });
  cache.set(dir, migrations);
  return migrations;
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one transaction, so a failure leaves the file at its
 * old version with its old data. `target` stops early (tests use it to build the previous
 * version of the schema with data in it).
 */
export function migrate(db: Database.Database, migrations: Migration[], target = latestVersion(migrations)): number[] {
  const current = schemaVersion(db);
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return pending.map((m) => m.version);
}
