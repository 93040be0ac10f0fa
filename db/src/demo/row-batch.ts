/**
 * The rows the generator writes, gathered per table in flat value arrays (a row is `cols`
 * consecutive values) and inserted many rows per statement.
 *
 * Why batches and not one `run()` per row: a case is ~30 rows, and the binding cost of a
 * better-sqlite3 call is paid per call as well as per value; one INSERT with 32 rows of
 * placeholders pays it once for 32 rows. A batch is also what crosses from the generating
 * thread to the inserting one (worker-client.ts).
 */
import type Database from 'better-sqlite3';
import { writeSettings } from '../settings/settings';

/**
 * Every table the generator fills, with its columns, in insertion order: a parent before
 * its children, since triggers read the parent (migration 0009 updates the case of a
 * deferred material; migration 0010 reads the beneficiary of a change).
 */
const TABLE_COLUMNS = {
  users: ['id', 'username', 'display_name', 'roles', 'password_hash', 'window_no', 'staff_id_number', 'active', 'failed_logins', 'locked_until', 'password_changed_at', 'created_at', 'updated_at'],
  residents: ['id', 'id_number', 'id_number_rev', 'name', 'birth_date', 'sex', 'phone', 'phone_rev', 'address', 'bank_name', 'bank_account', 'pinyin_full', 'pinyin_initials', 'created_at', 'updated_at'],
  resident_name_bigrams: ['bigram', 'resident_id'],
  households: ['id', 'address', 'created_at', 'updated_at', 'dissolved_on'],
  household_members: ['id', 'household_id', 'resident_id', 'relation', 'is_head', 'joined_on', 'left_on'],
  cases: [
    'id', 'case_no', 'resident_id', 'item_code', 'item_version', 'item_name', 'family', 'time_limit_days', 'decision', 'status', 'stage',
    'form_values', 'household', 'notice_missing', 'commitment', 'refusal_reason', 'refer_to', 'received_on', 'accepted_on', 'accepted_by', 'due_on',
    'paused_days', 'paused_since', 'posting_ends_on', 'extension_days', 'extension_reason', 'completed_on', 'outcome_reason', 'clerk_id', 'window_no',
    'idempotency_key', 'created_at', 'updated_at',
  ],
  case_materials: ['case_id', 'key', 'position', 'name', 'form', 'required', 'may_defer', 'copies_required', 'copies_received', 'deferred_due', 'received_later_on'],
  case_household_means: ['case_id', 'resident_id', 'position', 'monthly_income_fen', 'assets_fen'],
  case_events: ['id', 'case_id', 'at', 'on_date', 'action', 'from_status', 'to_status', 'from_stage', 'to_stage', 'opinion', 'actor_id', 'actor_name', 'detail'],
  case_services: ['id', 'case_id', 'kind', 'event_id', 'served_by', 'window_no', 'served_on', 'offered_at', 'offer_ends_at'],
  case_ratings: ['id', 'case_id', 'service_id', 'score', 'comment', 'reasons', 'clerk_id', 'rated_at', 'recorded_by'],
  case_follow_ups: ['id', 'case_id', 'rating_id', 'clerk_id', 'opened_on', 'due_on', 'closed_at', 'closed_by', 'note', 'rectification'],
  beneficiaries: ['id', 'resident_id', 'item_code', 'case_id', 'amount_fen', 'amount_source', 'start_month', 'status', 'stop_month', 'stop_reason', 'annual_review', 'created_at', 'updated_at'],
  beneficiary_changes: ['id', 'beneficiary_id', 'kind', 'effective_month', 'amount_fen', 'reason', 'case_id', 'actor_id', 'actor_name', 'at', 'rule'],
  case_number_days: ['day', 'last_seq'],
  audit_log: ['id', 'at', 'actor_id', 'actor_name', 'handler', 'action', 'record_type', 'record_id', 'before', 'after', 'detail', 'prev_hash', 'hash'],
} as const;

export type TableName = keyof typeof TABLE_COLUMNS;
const TABLES = Object.keys(TABLE_COLUMNS) as TableName[];

/** Rows waiting to be inserted: `rows[table]` holds the values of its rows one after another. */
export interface RowBatch {
  rows: Record<TableName, unknown[]>;
  /** the `at` of the demo setting, when this batch marks the database as demo data */
  demoAt: string | null;
  /** cases whose rows are complete in this batch */
  cases: number;
  /** where the generator started a phase: a wall-clock time (epoch ms) and the process's CPU time then */
  marks: { name: 'residents' | 'cases'; at: number; cpu: NodeJS.CpuUsage }[];
}

export function emptyBatch(): RowBatch {
  return { rows: Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Record<TableName, unknown[]>, demoAt: null, cases: 0, marks: [] };
}

export function clearBatch(batch: RowBatch): void {
  for (const t of TABLES) batch.rows[t].length = 0;
  batch.demoAt = null;
  batch.cases = 0;
  batch.marks.length = 0;
}

export function isEmptyBatch(batch: RowBatch): boolean {
  return batch.marks.length === 0 && batch.demoAt === null && TABLES.every((t) => batch.rows[t].length === 0);
}

// Longer statements save nothing more per row (16, 32 and 100 rows measured the same),
// and each remainder size is one more prepared statement.
const ROWS_PER_STATEMENT = 32;

export class BatchInserter {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private statement(table: TableName, rows: number): Database.Statement {
    const key = `${table}:${rows}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const cols = TABLE_COLUMNS[table];
      const tuple = `(${cols.map(() => '?').join(', ')})`;
      stmt = this.db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`);
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  /** Inserts the batch's rows, parents first; returns how many. */
  insert(batch: RowBatch): number {
    let inserted = 0;
    for (const table of TABLES) {
      const values = batch.rows[table];
      if (values.length === 0) continue;
      const width = TABLE_COLUMNS[table].length;
      const rows = values.length / width;
      if (!Number.isInteger(rows)) throw new Error(`${table}: ${values.length} values are not whole rows of ${width}`);
      inserted += rows;
      const step = ROWS_PER_STATEMENT * width;
      let i = 0;
      if (values.length >= step) {
        const full = this.statement(table, ROWS_PER_STATEMENT);
        for (; i + step <= values.length; i += step) full.run(...values.slice(i, i + step));
      }
      if (i < values.length) this.statement(table, (values.length - i) / width).run(...values.slice(i));
    }
    if (batch.demoAt !== null) {
      writeSettings(this.db, { demo: true });
      this.db.prepare("UPDATE settings SET updated_at = ? WHERE key = 'demo'").run(batch.demoAt);
    }
    return inserted;
  }
}
