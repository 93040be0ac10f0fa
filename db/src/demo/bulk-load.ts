/**
 * A connection tuned for filling a new database once, and the work that makes the file an
 * ordinary one again afterwards.
 *
 * Loading shortcuts: no journal and no syncs (a failed seed leaves a file to delete, never
 * a real centre's data: the generator refuses any file that holds records); CHECK
 * constraints are not evaluated row by row (the rows are built to satisfy them and the
 * seed test runs integrity_check, which verifies every CHECK); and the secondary indexes
 * of the big tables are built once at the end, sorted, from their own CREATE INDEX
 * statements, instead of being updated at random per row.
 *
 * Triggers stay: whatever a migration keeps by trigger (cases.open_deferred_due, the
 * benefit_month_deltas totals) is then kept for the generated rows as for the handlers'.
 * So the indexes the triggers read through must stay too: beneficiaries and their changes
 * keep theirs, since each change's trigger looks up the beneficiary's whole history, which
 * without beneficiary_changes_beneficiary is a scan of the table per row (quadratic).
 */
import Database from 'better-sqlite3';

const DEFERRED_INDEX_TABLES = [
  'residents', 'resident_name_bigrams', 'households', 'household_members', 'cases', 'case_materials', 'case_events', 'case_services', 'case_ratings', 'case_follow_ups', 'audit_log',
];

export interface BulkLoad {
  db: Database.Database;
  /** builds the deferred indexes and leaves the file as the program opens it (WAL) */
  finish(): { indexes: number; seconds: number };
}

export function openForLoading(dbPath: string): BulkLoad {
  const db = new Database(dbPath);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('ignore_check_constraints = ON');
  // The index builds at the end sort every row of the big tables; with helper threads
  // SQLite's sorter uses the second core, which the row generator leaves idle by then.
  db.pragma('threads = 2');
  const deferred = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${DEFERRED_INDEX_TABLES.map(() => '?').join(', ')}) ORDER BY rowid`)
    .all(...DEFERRED_INDEX_TABLES) as { name: string; sql: string }[];
  for (const index of deferred) db.exec(`DROP INDEX "${index.name}"`);
  return {
    db,
    finish() {
      const started = performance.now();
      db.exec('BEGIN');
      for (const index of deferred) db.exec(index.sql);
      db.exec('COMMIT');
      db.pragma('ignore_check_constraints = OFF');
      const seconds = (performance.now() - started) / 1000;
      db.pragma('locking_mode = NORMAL');
      db.prepare('SELECT count(*) FROM settings').get();
      db.pragma('journal_mode = WAL');
      return { indexes: deferred.length, seconds };
    },
  };
}
