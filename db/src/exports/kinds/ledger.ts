/**
 * 办件明细 (case ledger): every case created or changed in the period, one row per case with
 * its state at the time of the run. "Changed" means a timeline entry (intake, materials
 * supplied, a transition, a rating) dated in the period, so a case that changed again
 * after the period is still in the period's file.
 */
import type Database from 'better-sqlite3';
import { getItemVersion } from '../../catalogue/catalogue';
import { FAMILY_LABELS, type Family } from '../../catalogue/definition';
import { workingCalendar } from '../../calendar/working-days';
import { deadlineStatus } from '../../cases/deadlines';
import { DEADLINE_LABELS, DECISION_LABELS, STATUS_LABELS, type CaseStatus, type Decision } from '../../cases/vocabulary';
import { readSettings } from '../../settings/settings';
import type { Cell, Column, KindSpec } from '../layout';

export const LEDGER_COLUMNS: readonly Column[] = [
  { name: '办件编号', type: 'text' },
  { name: '事项编码', type: 'text' },
  { name: '事项名称', type: 'text' },
  { name: '事项类别', type: 'text' },
  { name: '申请人姓名', type: 'text' },
  { name: '申请人身份证号码', type: 'text' },
  { name: '窗口决定', type: 'text' },
  { name: '办件状态', type: 'text' },
  { name: '当前环节', type: 'text' },
  { name: '收件日期', type: 'date' },
  { name: '受理日期', type: 'date' },
  { name: '环节日期', type: 'text' },
  { name: '承诺办结日期', type: 'date' },
  { name: '办结日期', type: 'date' },
  { name: '期限状态', type: 'text' },
  { name: '是否按时办结', type: 'text' },
  { name: '受理人', type: 'text' },
  { name: '受理窗口', type: 'text' },
  { name: '最后变更时间', type: 'datetime' },
];

interface LedgerSqlRow {
  case_no: string;
  item_code: string;
  item_version: number;
  item_name: string;
  family: Family;
  resident_name: string;
  id_number: string;
  decision: Decision;
  status: CaseStatus;
  stage: string | null;
  received_on: string;
  accepted_on: string | null;
  due_on: string | null;
  paused_since: string | null;
  completed_on: string | null;
  clerk_name: string;
  window_no: string | null;
  updated_at: string;
  /** "stageKey|YYYY-MM-DD" entries in timeline order, ';'-separated */
  stage_dates: string | null;
}

const SQL = `
SELECT c.case_no, c.item_code, c.item_version, c.item_name, c.family, r.name AS resident_name, r.id_number,
       c.decision, c.status, c.stage, c.received_on, c.accepted_on, c.due_on, c.paused_since, c.completed_on,
       u.display_name AS clerk_name, c.window_no, c.updated_at,
       (SELECT group_concat(e.to_stage || '|' || e.on_date, ';' ORDER BY e.id)
          FROM case_events e
         WHERE e.case_id = c.id AND e.to_stage IS NOT NULL AND e.to_stage IS NOT e.from_stage) AS stage_dates
  FROM cases c
  JOIN residents r ON r.id = c.resident_id
  JOIN users u ON u.id = c.clerk_id
 WHERE c.id IN (SELECT e.case_id FROM case_events e WHERE e.on_date >= @from AND e.on_date <= @to)
 ORDER BY c.id`;

const CHINA_OFFSET_MS = 8 * 3600_000;
/** UTC ISO instant → 'YYYY-MM-DD HH:mm:ss' China time. */
export function chinaDateTime(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** 是 / 否 for cases completed with a decision on the merits; empty otherwise. */
export function onTimeText(row: { status: CaseStatus; due_on: string | null; completed_on: string | null }): string {
  if ((row.status !== 'approved' && row.status !== 'not_approved') || !row.due_on || !row.completed_on) return '';
  return row.completed_on <= row.due_on ? '是' : '否';
}

export const ledgerKind: KindSpec = {
  kind: 'ledger',
  label: '办件明细',
  layoutVersion: 1,
  columns: LEDGER_COLUMNS,
  open(db: Database.Database, range, asOf) {
    const cal = workingCalendar(db);
    const { warningDays } = readSettings(db);
    // Stage keys are per item version; there are only a few dozen versions.
    const stageNames = new Map<string, Map<string, string>>();
    const namesOf = (code: string, version: number) => {
      const key = `${code}@${version}`;
      let names = stageNames.get(key);
      if (!names) {
        names = new Map(getItemVersion(db, code, version).stages.map((s) => [s.key, s.name]));
        stageNames.set(key, names);
      }
      return names;
    };
    const iterator = db.prepare(SQL).iterate(range) as IterableIterator<LedgerSqlRow>;
    function* rows(): Generator<Cell[]> {
      for (const r of iterator) {
        const names = namesOf(r.item_code, r.item_version);
        const stageDates = r.stage_dates
          ? r.stage_dates
              .split(';')
              .map((entry) => {
                const [key, day] = entry.split('|') as [string, string];
                return `${names.get(key) ?? key} ${day}`;
              })
              .join('；')
          : null;
        const deadline = deadlineStatus(r, asOf, warningDays, cal);
        yield [
          r.case_no,
          r.item_code,
          r.item_name,
          FAMILY_LABELS[r.family],
          r.resident_name,
          r.id_number,
          DECISION_LABELS[r.decision],
          STATUS_LABELS[r.status],
          r.stage ? (names.get(r.stage) ?? r.stage) : null,
          r.received_on,
          r.accepted_on,
          stageDates,
          r.due_on,
          r.completed_on,
          DEADLINE_LABELS[deadline.status],
          onTimeText(r) || null,
          r.clerk_name,
          r.window_no,
          chinaDateTime(r.updated_at),
        ];
      }
    }
    return { rows: rows() };
  },
};
