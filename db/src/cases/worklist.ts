/**
 * cases.worklist: what needs doing, for one person (the cases they took in at the window,
 * and the 差评回访 of others' ratings: nobody follows up a rating of themselves) or for everyone. Each group is one index range.
 */
import type Database from 'better-sqlite3';
import type { WorkingCalendar } from '../calendar/working-days';
import { prepared } from '../kernel/prepared';
import { deadlineBounds } from './deadlines';
import { LISTED_COLUMNS as CASE_COLUMNS, LISTED_JOINS as CASE_JOINS, listItem, readRows, versionCache, type CaseListItem, type ListedRow } from './list';

const OPEN_DEFERRED = 'm.deferred_due IS NOT NULL AND m.received_later_on IS NULL AND m.deferred_due < @warnBefore';

/** The SQL of each group; exported so the query plans can be asserted. */
export function worklistQueries(mine: boolean): Record<'overdue' | 'dueSoon' | 'waitingMaterials' | 'districtOverdue' | 'toTell', CaseGroupQuery> & {
  deferredDue: { sql: string; count: string };
  followUps: { sql: string; count: string };
} {
  const clerk = mine ? ' AND c.clerk_id = @clerkId' : '';
  const running = `c.status = 'in_progress' AND c.paused_since IS NULL${clerk}`;
  // The running cases' due dates (migration 0012): the counts read the index alone, where
  // cases_due (status, due_on) had to read each in-progress case's row for paused_since.
  // Named, because without statistics the planner keeps to cases_due.
  const runningDue = mine ? 'cases_clerk_running_due' : 'cases_running_due';
  // A case handed off to its deciding authority runs on the authority's limit (cases/clock.ts):
  // its lapse is the authority's (区级逾期), listed apart, never among the centre's own.
  return {
    overdue: { where: `${running} AND c.due_on < @today AND c.handed_off_on IS NULL`, order: 'c.due_on, c.id', index: runningDue },
    dueSoon: { where: `${running} AND c.due_on >= @today AND c.due_on < @warnBefore AND c.handed_off_on IS NULL`, order: 'c.due_on, c.id', index: runningDue },
    districtOverdue: { where: `${running} AND c.due_on < @today AND c.handed_off_on IS NOT NULL`, order: 'c.due_on, c.id', index: runningDue },
    waitingMaterials: { where: `c.status = 'waiting_materials'${clerk}`, order: 'c.id' },
    // 一窗反馈: decisions of a district authority not yet told to the applicant (cases_to_tell).
    toTell: { where: `c.decided_by IS NOT NULL AND c.applicant_told_on IS NULL${clerk}`, order: 'c.completed_on, c.id', index: 'cases_to_tell' },
    // Driven by the running cases that have a deferred material outstanding (migration
    // 0009 keeps open_deferred_due); named, because without statistics the planner prefers
    // walking every running case, and a clerk's filter is applied to that short range.
    // The materials are sorted by due date before the page's cases, applicants and clerks
    // are read: joined first, every case in the warning window was read to sort them.
    deferredDue: {
      sql: `SELECT ${CASE_COLUMNS}, d.material_key, d.material_name, d.deferred_due
        FROM (SELECT c.id AS case_id, m.key AS material_key, m.name AS material_name, m.deferred_due
                FROM cases c INDEXED BY cases_open_deferred JOIN case_materials m ON m.case_id = c.id
               WHERE c.status = 'in_progress' AND c.open_deferred_due < @warnBefore${mine ? ' AND +c.clerk_id = @clerkId' : ''} AND ${OPEN_DEFERRED}
               ORDER BY m.deferred_due, c.id LIMIT @limit) d
        JOIN cases c ON c.id = d.case_id ${CASE_JOINS}
        ORDER BY d.deferred_due, d.case_id`,
      count: `SELECT count(*) AS n FROM cases c INDEXED BY cases_open_deferred JOIN case_materials m ON m.case_id = c.id
        WHERE c.status = 'in_progress' AND c.open_deferred_due < @warnBefore${mine ? ' AND +c.clerk_id = @clerkId' : ''} AND ${OPEN_DEFERRED}`,
    },
    followUps: {
      sql: `SELECT ${CASE_COLUMNS}, f.id AS follow_up_id, f.due_on AS follow_up_due, f.opened_on AS follow_up_opened, k.score AS rating_score
        FROM case_follow_ups f JOIN cases c ON c.id = f.case_id JOIN case_ratings k ON k.id = f.rating_id ${CASE_JOINS}
        WHERE f.closed_at IS NULL${mine ? ' AND f.clerk_id <> @clerkId' : ''}
        ORDER BY f.due_on, f.id LIMIT @limit`,
      count: `SELECT count(*) AS n FROM case_follow_ups f WHERE f.closed_at IS NULL${mine ? ' AND f.clerk_id <> @clerkId' : ''}`,
    },
  };
}

/** A group read from cases alone: its condition, order and (where named) index. */
export interface CaseGroupQuery {
  where: string;
  order: string;
  index?: string;
}

const indexedBy = (index?: string) => (index ? ` INDEXED BY ${index}` : '');
export const caseGroupSql = (g: CaseGroupQuery) =>
  `SELECT ${CASE_COLUMNS} FROM cases c${indexedBy(g.index)} ${CASE_JOINS} WHERE ${g.where} ORDER BY ${g.order} LIMIT @limit`;
export const caseCountSql = (g: CaseGroupQuery) => `SELECT count(*) AS n FROM cases c${indexedBy(g.index)} WHERE ${g.where}`;

export interface WorklistGroup<T> {
  total: number;
  items: T[];
}

export interface Worklist {
  person: { id: number; name: string } | null;
  today: string;
  warningDays: number;
  overdue: WorklistGroup<CaseListItem>;
  dueSoon: WorklistGroup<CaseListItem>;
  waitingMaterials: WorklistGroup<CaseListItem>;
  /** handed off and past the deciding authority's due date (区级逾期): the centre follows it up with the authority */
  districtOverdue: WorklistGroup<CaseListItem>;
  deferredDue: WorklistGroup<CaseListItem & { material: { key: string; name: string; dueDate: string; overdue: boolean } }>;
  followUps: WorklistGroup<CaseListItem & { followUp: { id: number; openedOn: string; dueOn: string; overdue: boolean; score: number } }>;
  toTell: WorklistGroup<CaseListItem>;
}

export const WORKLIST_GROUPS = ['overdue', 'dueSoon', 'waitingMaterials', 'deferredDue', 'followUps', 'districtOverdue', 'toTell'] as const;
export type WorklistGroupKey = (typeof WORKLIST_GROUPS)[number];

/**
 * Every group's total; the items of every group, or of the one group asked for (the
 * screen shows one tab at a time, and reading all five lists cost four times the rows it
 * showed).
 */
export function worklist(
  db: Database.Database,
  opts: { clerkId: number | null; clerkName: string | null; today: string; warningDays: number; limit: number; cal: WorkingCalendar; group?: WorklistGroupKey | undefined },
): Worklist {
  const q = worklistQueries(opts.clerkId !== null);
  const params = { ...deadlineBounds(db, opts.today, opts.warningDays), limit: opts.limit, ...(opts.clerkId !== null ? { clerkId: opts.clerkId } : {}) };
  const version = versionCache(db);
  const item = (r: ListedRow) => listItem(r, version(r.item_code, r.item_version), opts.today, opts.warningDays, opts.cal);
  const count = (sql: string) => (prepared(db, sql).get(params) as { n: number }).n;
  const listed = (key: WorklistGroupKey) => opts.group === undefined || opts.group === key;
  const rows = <T>(key: WorklistGroupKey, sql: string): T[] => (listed(key) ? readRows<T & ListedRow>(prepared(db, sql), params) : []);
  const group = (key: WorklistGroupKey, g: CaseGroupQuery): WorklistGroup<CaseListItem> => ({
    total: count(caseCountSql(g)),
    items: rows<ListedRow>(key, caseGroupSql(g)).map(item),
  });
  type DeferredRow = ListedRow & { material_key: string; material_name: string; deferred_due: string };
  type FollowRow = ListedRow & { follow_up_id: number; follow_up_due: string; follow_up_opened: string; rating_score: number };
  return {
    person: opts.clerkId === null ? null : { id: opts.clerkId, name: opts.clerkName ?? '' },
    today: opts.today,
    warningDays: opts.warningDays,
    overdue: group('overdue', q.overdue),
    dueSoon: group('dueSoon', q.dueSoon),
    waitingMaterials: group('waitingMaterials', q.waitingMaterials),
    districtOverdue: group('districtOverdue', q.districtOverdue),
    deferredDue: {
      total: count(q.deferredDue.count),
      items: rows<DeferredRow>('deferredDue', q.deferredDue.sql).map((r) => ({
        ...item(r),
        material: { key: r.material_key, name: r.material_name, dueDate: r.deferred_due, overdue: r.deferred_due < opts.today },
      })),
    },
    followUps: {
      total: count(q.followUps.count),
      items: rows<FollowRow>('followUps', q.followUps.sql).map((r) => ({
        ...item(r),
        followUp: { id: r.follow_up_id, openedOn: r.follow_up_opened, dueOn: r.follow_up_due, overdue: r.follow_up_due < opts.today, score: r.rating_score },
      })),
    },
    toTell: group('toTell', q.toTell),
  };
}
