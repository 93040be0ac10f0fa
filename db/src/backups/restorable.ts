/**
 * What a backup must show before it replaces the live database. Anything in backups/ was
 * trusted before: a copy edited outside the program (an audit row changed, a table added,
 * user_version set to another number) would have been restored and its chain taken as the
 * record. Checked read-only; a refusal changes nothing.
 */
import Database from 'better-sqlite3';
import type { AuditHead } from '../audit/anchor';
import { checkAgainstHead } from '../audit/anchor';
import { verifyChain } from '../kernel/audit-chain';
import { migrate, type Migration } from '../database/migrations';
import { conflict } from '../kernel/errors';

export type RestoreRefusal = 'unknown_schema' | 'audit_chain';

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const SCHEMA_SQL = "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
// loadMigrations returns one array per folder, so the array stands for the program's schema.
const expectedCache = new WeakMap<Migration[], Map<number, Map<string, SchemaObject>>>();

/** The schema objects the program's migrations up to `version` create, from a fresh database in memory. */
function expectedSchema(migrations: Migration[], version: number): Map<string, SchemaObject> {
  let perVersion = expectedCache.get(migrations);
  if (!perVersion) expectedCache.set(migrations, (perVersion = new Map()));
  const cached = perVersion.get(version);
  if (cached) return cached;
  const fresh = new Database(':memory:');
  try {
    migrate(fresh, migrations, version);
    const objects = new Map((fresh.prepare(SCHEMA_SQL).all() as SchemaObject[]).map((o) => [`${o.type} ${o.name}`, o]));
    perVersion.set(version, objects);
    return objects;
  } finally {
    fresh.close();
  }
}

const TYPE_LABELS: Record<string, string> = { table: '表', index: '索引', trigger: '触发器', view: '视图' };
const label = (o: SchemaObject) => `${TYPE_LABELS[o.type] ?? o.type} ${o.name}`;

/** Differences between the copy's schema and what the migrations up to its version make. */
export function schemaProblems(db: Database.Database, migrations: Migration[]): string[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  const known = migrations.some((m) => m.version === version);
  if (!known) return [`数据库版本 ${version} 不是本程序的任何版本`];
  const expected = expectedSchema(migrations, version);
  const actual = new Map((db.prepare(SCHEMA_SQL).all() as SchemaObject[]).map((o) => [`${o.type} ${o.name}`, o]));
  const problems: string[] = [];
  for (const [key, o] of actual) {
    const want = expected.get(key);
    if (!want) problems.push(`多出${label(o)}（版本 ${version} 没有）`);
    else if (want.sql !== o.sql || want.tbl_name !== o.tbl_name) problems.push(`${label(o)}的定义与版本 ${version} 不同`);
  }
  for (const [key, o] of expected) if (!actual.has(key)) problems.push(`缺少${label(o)}（版本 ${version} 应有）`);
  return problems;
}

/** The copy's audit chain by itself, and against the head recorded beside it when it was taken. */
export function auditProblems(db: Database.Database, head: AuditHead | null): string[] {
  if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'").get()) return [];
  const chain = verifyChain(db);
  if (!chain.ok) return [`审计日志：${chain.reason}`];
  if (!head) return [];
  const bad = checkAgainstHead(db, head, '备份的元数据');
  if (bad) return [`审计日志：${bad.reason}`];
  const max = (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number | null }).n ?? 0;
  if (max > head.id) return [`审计日志：备份时只到第 ${head.id} 行，现在有 ${max} 行（备份之后被加入了行）`];
  return [];
}

/**
 * Throws CONFLICT (details.reason 'unknown_schema' or 'audit_chain', with the problems)
 * unless the backup's schema is exactly one the program's migrations make and its audit
 * chain is whole. Call after verifyBackupFile (integrity, not newer than the program).
 */
export function assertRestorable(path: string, file: string, migrations: Migration[], head: AuditHead | null): void {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let refusal: { reason: RestoreRefusal; problems: string[] } | null = null;
  try {
    const schema = schemaProblems(db, migrations);
    if (schema.length > 0) refusal = { reason: 'unknown_schema', problems: schema };
    else {
      const audit = auditProblems(db, head);
      if (audit.length > 0) refusal = { reason: 'audit_chain', problems: audit };
    }
  } finally {
    db.close();
  }
  if (!refusal) return;
  const what = refusal.reason === 'unknown_schema' ? '数据库结构不是本程序的' : '审计日志校验未通过';
  const shown = refusal.problems.slice(0, 3).join('；') + (refusal.problems.length > 3 ? '……' : '');
  throw conflict(`该备份${what}，不能恢复（${shown}）；未做任何改动`, { file, reason: refusal.reason, problems: refusal.problems });
}
