/**
 * cases.list: filters that each map onto an index, newest first, keyset paging on the
 * case id (ids only grow, so "older than the last one shown" is `id < cursor`; no OFFSET,
 * so page 500 costs what page 1 does); a received-date range is ordered by received day,
 * then id. Applicant ID numbers are masked.
 */
import type Database from 'better-sqlite3';
import { getItemVersion, type ItemVersion } from '../catalogue/catalogue';
import { FAMILY_LABELS, type Family } from '../catalogue/definition';
import type { WorkingCalendar } from '../calendar/working-days';
import { maskIdNumber } from '../privacy/mask';
import { prepared } from '../kernel/prepared';
import { deadlineBounds, deadlineStatus, type DeadlineState } from './deadlines';
import { clockOwner, deadlineLabel, type ClockOwner } from './clock';
import type { CaseRow } from './store';
import { stageOf } from './transitions';
import {
  DECISION_LABELS,
  FINAL_STATUSES,
  OPEN_STATUSES,
  STATUS_LABELS,
  type CaseStatus,
  type DeadlineStatus,
  type Decision,
} from '../shared/vocabulary';

export interface ListFilters {
  status?: CaseStatus[] | undefined;
  itemCode?: string | undefined;
  family?: Family | undefined;
  deadline?: DeadlineStatus | undefined;
  /** received between these dates, inclusive */
  from?: string | undefined;
  to?: string | undefined;
  clerkId?: number | undefined;
  residentId?: number | undefined;
  decision?: Decision | undefined;
  windowNo?: string | undefined;
  /** the id of the last case of the previous page */
  cursor?: number | undefined;
  limit: number;
}

/**
 * The columns a list row shows, named rather than `c.*`: a case row also holds its form
 * values and household snapshot (kilobytes of JSON) that no list shows, and reading them
 * for every row of a page was most of a page's cost.
 */
const LISTED_CASE_COLUMNS = [
  'id', 'case_no', 'item_code', 'item_name', 'item_version', 'family', 'resident_id', 'status', 'stage', 'decision',
  'received_on', 'accepted_on', 'due_on', 'completed_on', 'paused_since', 'clerk_id', 'window_no', 'handed_off_on',
] as const;
export const LISTED_COLUMNS = `${LISTED_CASE_COLUMNS.map((c) => `c.${c}`).join(', ')}, r.name AS resident_name, r.id_number AS resident_id_number, u.display_name AS clerk_name`;
export const LISTED_JOINS = 'JOIN residents r ON r.id = c.resident_id JOIN users u ON u.id = c.clerk_id';

export type ListedRow = Pick<CaseRow, (typeof LISTED_CASE_COLUMNS)[number]> & { resident_name: string; resident_id_number: string; clerk_name: string };

/**
 * All rows of a list statement as objects, read as arrays: better-sqlite3 builds each row
 * object property by property through its native API, which took a third of a worklist's
 * time; the same objects built here cost a fraction of that.
 */
export function readRows<T>(stmt: Database.Statement, params: Record<string, unknown>): T[] {
  const names = stmt.columns().map((c) => c.name);
  let values: unknown[][];
  try {
    values = stmt.raw(true).all(params) as unknown[][];
  } finally {
    stmt.raw(false); // the statement is shared through the per-connection cache
  }
  return values.map((cells) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = cells[i];
    return row as T;
  });
}

/**
 * The deadline statuses as index-friendly conditions on (status, due_on); see
 * deadlines.ts for why `due_on < warnBefore` is exactly "at most N working days left".
 */
export function deadlineCondition(deadline: DeadlineStatus): string {
  switch (deadline) {
    case 'overdue':
      return "c.status = 'in_progress' AND c.paused_since IS NULL AND c.due_on < @today";
    case 'warning':
      return "c.status = 'in_progress' AND c.paused_since IS NULL AND c.due_on >= @today AND c.due_on < @warnBefore";
    case 'normal':
      return "c.status = 'in_progress' AND c.paused_since IS NULL AND c.due_on >= @warnBefore";
    case 'paused':
      return "c.status IN ('waiting_materials', 'in_progress') AND (c.status = 'waiting_materials' OR c.paused_since IS NOT NULL)";
    case 'done':
      return `c.status IN (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  }
}

/** The SQL and parameters of one page; exported so the query plan can be asserted. */
export function listQuery(db: Database.Database, f: ListFilters, today: string, warningDays: number) {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: f.limit + 1 };
  if (f.status?.length) {
    where.push(`c.status IN (${f.status.map((_, i) => `@status${i}`).join(', ')})`);
    f.status.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (f.itemCode !== undefined) {
    where.push('c.item_code = @itemCode');
    params.itemCode = f.itemCode.trim().toUpperCase();
  }
  if (f.family !== undefined) {
    where.push('c.family = @family');
    params.family = f.family;
  }
  if (f.clerkId !== undefined) {
    where.push('c.clerk_id = @clerkId');
    params.clerkId = f.clerkId;
  }
  if (f.residentId !== undefined) {
    where.push('c.resident_id = @residentId');
    params.residentId = f.residentId;
  }
  if (f.decision !== undefined) {
    where.push('c.decision = @decision');
    params.decision = f.decision;
  }
  if (f.windowNo !== undefined) {
    where.push('c.window_no = @windowNo');
    params.windowNo = f.windowNo;
  }
  // Newest received first within a received-date range, walking cases_received
  // (received_on, id) backwards from the range's end (or the cursor): a page reads its own
  // rows and the filters' misses only. Bounding a primary-key walk by the range's smallest
  // and largest id (the previous way) read the whole range's index entries twice: 45 ms for
  // a year at district scale.
  const byReceived = f.from !== undefined || f.to !== undefined;
  if (byReceived) {
    if (f.from !== undefined) {
      where.push('c.received_on >= @from');
      params.from = f.from;
    }
    let upper = f.to;
    if (f.cursor !== undefined) {
      // The order is (received_on, id), so the cursor case's received day is part of the
      // key; a cursor that names no case yields an empty page.
      const day = (prepared(db, 'SELECT received_on FROM cases WHERE id = ?').get(f.cursor) as { received_on: string } | undefined)?.received_on ?? '';
      where.push('(c.received_on, c.id) < (@cursorDay, @cursor)');
      params.cursorDay = day;
      params.cursor = f.cursor;
      // SQLite seeks on the first column of a row value only: the day bound starts the walk
      // at the cursor's day rather than at the range's end.
      if (upper === undefined || day < upper) upper = day;
    }
    if (upper !== undefined) {
      where.push('c.received_on <= @to');
      params.to = upper;
    }
  } else if (f.cursor !== undefined) {
    where.push('c.id < @cursor');
    params.cursor = f.cursor;
  }
  if (f.deadline !== undefined) {
    where.push(deadlineCondition(f.deadline));
    if (f.deadline === 'overdue' || f.deadline === 'warning' || f.deadline === 'normal') Object.assign(params, deadlineBounds(db, today, warningDays));
  }
  // Without statistics the planner would rather take an equality index (every approved case,
  // say) and sort it; the received-date walk is only worse when the other filter keeps few
  // cases: one resident's, or the open ones, which it then sorts instead.
  const fewOthers =
    f.residentId !== undefined ||
    (!!f.status?.length && f.status.every((s) => (OPEN_STATUSES as readonly string[]).includes(s))) ||
    (f.deadline !== undefined && f.deadline !== 'done');
  const sql = `SELECT ${LISTED_COLUMNS}
    FROM cases c ${byReceived && !fewOthers ? 'INDEXED BY cases_received ' : ''}${LISTED_JOINS}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${byReceived ? 'c.received_on DESC, c.id DESC' : 'c.id DESC'} LIMIT @limit`;
  return { sql, params };
}

export interface CaseListItem {
  id: number;
  caseNo: string;
  itemCode: string;
  itemName: string;
  itemVersion: number;
  family: Family;
  familyLabel: string;
  applicant: { residentId: number; name: string; idNumber: string };
  status: CaseStatus;
  statusLabel: string;
  stage: string | null;
  stageName: string | null;
  decision: Decision;
  decisionLabel: string;
  receivedOn: string;
  acceptedOn: string | null;
  dueOn: string | null;
  completedOn: string | null;
  /** owner 'district': handed off, the deciding authority's limit runs (区级逾期 is theirs, not the centre's) */
  deadline: DeadlineState & { label: string; owner: ClockOwner };
  clerk: { id: number; name: string };
  windowNo: string | null;
}

/** Item versions read once per request: a page shows few distinct items. */
export function versionCache(db: Database.Database) {
  const cache = new Map<string, ItemVersion>();
  return (code: string, version: number) => {
    const k = `${code}@${version}`;
    let v = cache.get(k);
    if (!v) cache.set(k, (v = getItemVersion(db, code, version)));
    return v;
  };
}

export function listItem(row: ListedRow, item: ItemVersion, today: string, warningDays: number, cal: WorkingCalendar): CaseListItem {
  const deadline = deadlineStatus(row, today, warningDays, cal);
  return {
    id: row.id,
    caseNo: row.case_no,
    itemCode: row.item_code,
    itemName: row.item_name,
    itemVersion: row.item_version,
    family: row.family,
    familyLabel: FAMILY_LABELS[row.family],
    applicant: { residentId: row.resident_id, name: row.resident_name, idNumber: maskIdNumber(row.resident_id_number) },
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    stage: row.stage,
    stageName: stageOf(item, row.stage)?.stage.name ?? null,
    decision: row.decision,
    decisionLabel: DECISION_LABELS[row.decision],
    receivedOn: row.received_on,
    acceptedOn: row.accepted_on,
    dueOn: row.due_on,
    completedOn: row.completed_on,
    deadline: { ...deadline, label: deadlineLabel(deadline.status, clockOwner(row)), owner: clockOwner(row) },
    clerk: { id: row.clerk_id, name: row.clerk_name },
    windowNo: row.window_no,
  };
}

export function listCases(db: Database.Database, f: ListFilters, today: string, warningDays: number, cal: WorkingCalendar) {
  const { sql, params } = listQuery(db, f, today, warningDays);
  const rows = readRows<ListedRow>(prepared(db, sql), params);
  const page = rows.slice(0, f.limit);
  const version = versionCache(db);
  return {
    items: page.map((r) => listItem(r, version(r.item_code, r.item_version), today, warningDays, cal)),
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]!.id) : null,
  };
}
