/** audit.verify's work on a worker thread: the whole chain read through a connection of its own. */
import Database from 'better-sqlite3';
import { auditAnchorPath, readAuditAnchor, verifyAudit, type AuditVerifyResult } from './anchor';

export function verifyAuditJob(input: { dbPath: string }, progress: (p: { rows: number }) => void): AuditVerifyResult {
  const db = new Database(input.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // The anchor first: it only ever names rows already committed, so the snapshot that
    // begins after it holds them all. Read later, a backup's newer anchor would name rows
    // the snapshot cannot see and look like rows cut off.
    const anchor = readAuditAnchor(auditAnchorPath(input.dbPath));
    // One read transaction: the chain and its head are one snapshot while clerks write on.
    return db.transaction(() => verifyAudit(db, input.dbPath, (rows) => progress({ rows }), anchor))();
  } finally {
    db.close();
  }
}
