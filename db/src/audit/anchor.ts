/**
 * The audit chain's head kept outside the database file. The hash chain shows an edited or
 * removed row in the middle, but not rows cut off its end, nor a chain rebuilt and
 * re-hashed by someone who dropped the triggers: both leave a chain that checks out by
 * itself. The head (last row id and hash) is therefore written to an anchor file in the
 * data folder (auditAnchorPath) at each backup, each export run and each daily backup, is put into every
 * backup's metadata and every export's manifest.json, and audit.verify compares the chain
 * with it. A chain that no longer reaches the anchored row, or whose row there has another
 * hash, was cut or rewritten after the anchor was taken.
 */
import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writePrivateJsonFile } from '../database/private-files';
import { verifyChain } from '../kernel/audit-chain';

export const AUDIT_ANCHOR_SUFFIX = '.audit-anchor.json';

export interface AuditHead {
  id: number;
  hash: string;
}

export interface AuditAnchor extends AuditHead {
  /** ISO time the anchor was written */
  at: string;
}

/**
 * `<data folder>/onewindow.audit-anchor.json` for `onewindow.sqlite`: one per database
 * file, since the demo database (`onewindow-demo.sqlite`) shares the folder.
 */
export const auditAnchorPath = (dbPath: string) => join(dirname(dbPath), `${basename(dbPath).replace(/\.sqlite$/i, '')}${AUDIT_ANCHOR_SUFFIX}`);

const hasAuditLog = (db: Database.Database) => !!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'").get();

/** The last row of the chain, or null for a database without rows (or without the table yet). */
export function auditHead(db: Database.Database): AuditHead | null {
  if (!hasAuditLog(db)) return null;
  return (db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as AuditHead | undefined) ?? null;
}

const isHead = (v: unknown): v is AuditHead =>
  !!v && typeof v === 'object' && Number.isInteger((v as AuditHead).id) && (v as AuditHead).id > 0 && /^[0-9a-f]{64}$/.test(String((v as AuditHead).hash));

export type AnchorRead = { state: 'missing' } | { state: 'unreadable' } | { state: 'ok'; anchor: AuditAnchor };

export function readAuditAnchor(path: string): AnchorRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { state: 'missing' } : { state: 'unreadable' };
  }
  try {
    const raw = JSON.parse(text) as unknown;
    if (!isHead(raw)) return { state: 'unreadable' };
    return { state: 'ok', anchor: { id: raw.id, hash: raw.hash, at: String((raw as Partial<AuditAnchor>).at ?? '') } };
  } catch {
    return { state: 'unreadable' };
  }
}

/**
 * Whether the chain in `db` still holds `head` (later rows may follow it). Null when it
 * does, else the Chinese reason and the first row that is missing or differs.
 */
export function checkAgainstHead(db: Database.Database, head: AuditHead, where: string): { reason: string; firstBadId: number } | null {
  if (!hasAuditLog(db)) return { reason: `审计日志缺失，但${where}记录到第 ${head.id} 行`, firstBadId: 1 };
  const max = (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number | null }).n ?? 0;
  if (max < head.id) {
    return { reason: `审计日志末尾缺少行：${where}记录到第 ${head.id} 行，现在只到第 ${max} 行（末尾的行被删除）`, firstBadId: max + 1 };
  }
  const row = db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(head.id) as { hash: string } | undefined;
  if (!row || row.hash !== head.hash) {
    return { reason: `审计日志第 ${head.id} 行的哈希与${where}记录的不符（日志在此之前被改写并重新计算了哈希）`, firstBadId: head.id };
  }
  return null;
}

/**
 * Writes the chain's current head to the anchor file. An existing anchor the chain no
 * longer holds is kept, not replaced: it is the evidence audit.verify reports, and the next
 * backup must not erase it. `reset` replaces it anyway: after a restore the chain is
 * legitimately another one. Never throws: the backup or export it follows has succeeded,
 * and a full disk here is reported to the log rather than as that work failing. Returns
 * whether the anchor was written.
 */
export function anchorAuditHead(
  db: Database.Database,
  dbPath: string,
  at: Date,
  options: { reset?: boolean; log?: { warn(message: string): void } } = {},
): boolean {
  const warn = (message: string) => (options.log ? options.log.warn(message) : console.warn(`[onewindow] ${message}`));
  try {
    const head = auditHead(db);
    if (!head) return false;
    const path = auditAnchorPath(dbPath);
    if (!options.reset) {
      const current = readAuditAnchor(path);
      if (current.state === 'ok' && checkAgainstHead(db, current.anchor, '锚定文件') !== null) {
        warn(`audit anchor kept at row ${current.anchor.id}: the chain no longer holds it (audit.verify reports it)`);
        return false;
      }
    }
    writePrivateJsonFile(path, { id: head.id, hash: head.hash, at: at.toISOString() } satisfies AuditAnchor);
    return true;
  } catch (err) {
    warn(`cannot write the audit anchor: ${(err as Error).message}`);
    return false;
  }
}

export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  firstBadId?: number;
  reason?: string;
  /** the anchor the chain was compared with; null when none has been written yet */
  anchor: AuditAnchor | null;
}

/**
 * The chain by itself (chain.ts), then against the anchor file: rows cut off after it, or a
 * rewritten chain. Inside one read snapshot, pass the anchor as read before the snapshot
 * began: a backup may anchor rows written since, which the snapshot cannot see.
 */
export function verifyAudit(
  db: Database.Database,
  dbPath: string,
  onProgress?: (rows: number) => void,
  read: AnchorRead = readAuditAnchor(auditAnchorPath(dbPath)),
): AuditVerifyResult {
  const chain = verifyChain(db, onProgress);
  const anchor = read.state === 'ok' ? read.anchor : null;
  if (!chain.ok) return { ...chain, anchor };
  if (read.state === 'unreadable') {
    return { ok: false, rows: chain.rows, reason: `锚定文件 ${basename(auditAnchorPath(dbPath))} 无法读取，不能确认审计日志末尾是否完整`, anchor };
  }
  if (anchor) {
    const bad = checkAgainstHead(db, anchor, `最近一次锚定（${anchor.at}）`);
    if (bad) return { ok: false, rows: chain.rows, firstBadId: bad.firstBadId, reason: bad.reason, anchor };
  }
  return { ok: true, rows: chain.rows, anchor };
}
