import type Database from 'better-sqlite3';
import { GENESIS_HASH, rowHash, type AuditRow } from '../../db/src/kernel/audit-chain';

/**
 * A whole, valid audit chain of `count` more rows written straight into the file (the
 * seed's way, in bulk): enough rows that audit.verify takes a while.
 */
export function bulkAudit(db: Database.Database, count: number): void {
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  let prev = last?.hash ?? GENESIS_HASH;
  let id = last?.id ?? 0;
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_name, handler, action, record_type, record_id, before, after, detail, prev_hash, hash)
     VALUES (@id, @at, @actor_id, @actor_name, @handler, @action, @record_type, @record_id, @before, @after, @detail, @prev_hash, @hash)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const row: Omit<AuditRow, 'hash'> = {
        id: ++id,
        at: '2026-03-02T01:00:00.000Z',
        actor_id: null,
        actor_name: null,
        handler: 'bulk.load',
        action: 'load',
        record_type: 'resident',
        record_id: String(i),
        before: null,
        after: `{"n":${i}}`,
        detail: null,
        prev_hash: prev,
      };
      prev = rowHash(row);
      insert.run({ ...row, hash: prev });
    }
  })();
}
