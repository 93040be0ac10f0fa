import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { prepared } from './prepared';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  handler: string;
  action: string;
  recordType?: string | null;
  recordId?: string | number | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  handler: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  before: string | null;
  after: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The hash of a row: the previous hash and every stored column but the hash itself. */
export function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson([
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.handler,
    row.action,
    row.record_type,
    row.record_id,
    row.before,
    row.after,
    row.detail,
  ]);
  return createHash('sha256').update(row.prev_hash).update('\n').update(content).digest('hex');
}

const toJson = (v: unknown) => (v === undefined ? null : canonicalJson(v));

/**
 * Appends one row. Call it inside the transaction of the change it describes, so that the
 * change and its row commit or roll back together.
 */
export function appendAudit(db: Database.Database, actor: { id: number; name: string } | null, at: Date, entry: AuditEntry): AuditRow {
  const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  const row: Omit<AuditRow, 'hash'> = {
    id: (last?.id ?? 0) + 1,
    at: at.toISOString(),
    actor_id: actor?.id ?? null,
    actor_name: actor?.name ?? null,
    handler: entry.handler,
    action: entry.action,
    record_type: entry.recordType ?? null,
    record_id: entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
    before: toJson(entry.before),
    after: toJson(entry.after),
    detail: toJson(entry.detail),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const full: AuditRow = { ...row, hash: rowHash(row) };
  // Prepared once per connection: an import appends a row per resident, 100,000 in one call.
  prepared(
    db,
    `INSERT INTO audit_log (id, at, actor_id, actor_name, handler, action, record_type, record_id, before, after, detail, prev_hash, hash)
     VALUES (@id, @at, @actor_id, @actor_name, @handler, @action, @record_type, @record_id, @before, @after, @detail, @prev_hash, @hash)`,
  ).run(full);
  return full;
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  /** the first row whose stored hash or link does not match, when not ok */
  firstBadId?: number;
  reason?: string;
}

const PROGRESS_EVERY = 10_000;

/**
 * Walks the whole chain in id order, streaming, and stops at the first mismatch. Seconds at
 * a centre's scale: the audit.verify handler runs it on a worker (jobs/), `onProgress`
 * hears the rows checked so far.
 */
export function verifyChain(db: Database.Database, onProgress?: (rows: number) => void): VerifyResult {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let rows = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    if (row.id !== expectedId) return { ok: false, rows, firstBadId: expectedId, reason: `缺少第 ${expectedId} 行（行被删除）` };
    if (row.prev_hash !== prev) return { ok: false, rows, firstBadId: row.id, reason: `第 ${row.id} 行与前一行的链接不符` };
    if (rowHash(row) !== row.hash) return { ok: false, rows, firstBadId: row.id, reason: `第 ${row.id} 行的内容与其哈希不符（被修改）` };
    prev = row.hash;
    expectedId++;
    rows++;
    if (onProgress && rows % PROGRESS_EVERY === 0) onProgress(rows);
  }
  return { ok: true, rows };
}
