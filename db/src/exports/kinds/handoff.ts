/**
 * 移交包 (hand-off package): the cases of district-decided items waiting at 待区级审核确认
 * and not yet handed off, with everything the deciding authority needs to decide without
 * asking the centre again. Four linked tables, each a CSV (and an XLSX beside it) keyed by
 * 办件编号, because a district system loads flat tables, and a case has several members,
 * materials and stage opinions (docs/exports.md “移交包” says why not one wide sheet).
 *
 * Which cases: the package of day D carries every case that reached 待区级审核确认 on or
 * before D and has not left in an earlier package; on demand (`caseIds`) exactly the chosen
 * cases. The run marks them handed off when it completes (run.ts), so a case is in one
 * package only.
 */
import type Database from 'better-sqlite3';
import { getItemVersion, type ItemVersion } from '../../catalogue/catalogue';
import type { FormValues } from '../../catalogue/form-values';
import { atDistrictStage } from '../../cases/handoff';
import type { CaseRow, EventRow, MaterialRow } from '../../cases/store';
import { stageOf } from '../../cases/transitions';
import type { HouseholdSnapshot } from '../../households/households';
import { validationError } from '../../kernel/errors';
import { meansOf } from '../../means/means-test';
import { readSettings } from '../../settings/settings';
import { chinaDateTimeFormatter } from '../../shared/china-time';
import { EVENT_LABELS, FORM_LABELS } from '../../shared/vocabulary';
import type { Cell, Column, KindOptions, KindSpec, TableSpec } from '../layout';

export const HANDOFF_CASE_COLUMNS: readonly Column[] = [
  { name: '办件编号', type: 'text' },
  { name: '事项编码', type: 'text' },
  { name: '事项名称', type: 'text' },
  { name: '决定机关', type: 'text' },
  { name: '受理中心', type: 'text' },
  { name: '申请人姓名', type: 'text' },
  { name: '申请人身份证号码', type: 'text' },
  { name: '申请人联系电话', type: 'text' },
  { name: '申请人住址', type: 'text' },
  { name: '家庭人数', type: 'integer' },
  { name: '家庭月收入合计', type: 'amount' },
  { name: '家庭人均月收入', type: 'amount' },
  { name: '家庭财产合计', type: 'amount' },
  { name: '申请信息', type: 'text' },
  { name: '收件日期', type: 'date' },
  { name: '受理日期', type: 'date' },
  { name: '受理人', type: 'text' },
  { name: '受理窗口', type: 'text' },
  { name: '公示开始日期', type: 'date' },
  { name: '公示结束日期', type: 'date' },
  { name: '移交日期', type: 'date' },
  { name: '区级办理时限', type: 'integer' },
];

export const HANDOFF_MEMBER_COLUMNS: readonly Column[] = [
  { name: '办件编号', type: 'text' },
  { name: '序号', type: 'integer' },
  { name: '姓名', type: 'text' },
  { name: '身份证号码', type: 'text' },
  { name: '与户主关系', type: 'text' },
  { name: '是否户主', type: 'text' },
  { name: '是否申请人', type: 'text' },
  { name: '月收入', type: 'amount' },
  { name: '财产', type: 'amount' },
];

export const HANDOFF_MATERIAL_COLUMNS: readonly Column[] = [
  { name: '办件编号', type: 'text' },
  { name: '序号', type: 'integer' },
  { name: '材料名称', type: 'text' },
  { name: '材料形式', type: 'text' },
  { name: '是否必交', type: 'text' },
  { name: '应交份数', type: 'integer' },
  { name: '实交份数', type: 'integer' },
  { name: '容缺补交期限', type: 'date' },
  { name: '补交日期', type: 'date' },
];

export const HANDOFF_STAGE_COLUMNS: readonly Column[] = [
  { name: '办件编号', type: 'text' },
  { name: '序号', type: 'integer' },
  { name: '环节', type: 'text' },
  { name: '办理', type: 'text' },
  { name: '进入环节', type: 'text' },
  { name: '意见', type: 'text' },
  { name: '办理人', type: 'text' },
  { name: '办理日期', type: 'date' },
  { name: '办理时间', type: 'datetime' },
];

export const HANDOFF_TABLES: readonly TableSpec[] = [
  { key: 'members', label: '家庭成员', columns: HANDOFF_MEMBER_COLUMNS },
  { key: 'materials', label: '材料', columns: HANDOFF_MATERIAL_COLUMNS },
  { key: 'stages', label: '环节', columns: HANDOFF_STAGE_COLUMNS },
];

type Candidate = CaseRow & { reached_on: string | null };

/** The day each open, not handed off case entered its current stage. */
const PENDING_SQL = `
SELECT c.*, (SELECT max(e.on_date) FROM case_events e WHERE e.case_id = c.id AND e.to_stage = c.stage) AS reached_on
  FROM cases c
 WHERE c.status = 'in_progress' AND c.handed_off_on IS NULL AND c.stage IS NOT NULL`;

/**
 * The cases a package carries, in case order. On demand every chosen case must be waiting
 * at 待区级审核确认 and not handed off yet, else the whole run is refused (VALIDATION).
 */
export function handoffCases(db: Database.Database, upTo: string, caseIds?: readonly number[]): { row: CaseRow; item: ItemVersion }[] {
  // Parsed once per item version: read inside the snapshot's transaction the catalogue's
  // own cache is bypassed, and every open case is looked at.
  const versions = new Map<string, ItemVersion>();
  const item = (row: CaseRow) => {
    const key = `${row.item_code}@${row.item_version}`;
    let v = versions.get(key);
    if (!v) versions.set(key, (v = getItemVersion(db, row.item_code, row.item_version)));
    return v;
  };
  if (caseIds !== undefined) {
    const ids = [...new Set(caseIds)].sort((a, b) => a - b);
    const byId = db.prepare('SELECT * FROM cases WHERE id = ?');
    const problems: { path: string; message: string }[] = [];
    const out: { row: CaseRow; item: ItemVersion }[] = [];
    ids.forEach((id) => {
      const row = byId.get(id) as CaseRow | undefined;
      if (!row) problems.push({ path: 'caseIds', message: `没有找到办件（编号 ${id}）` });
      else if (row.handed_off_on !== null) problems.push({ path: 'caseIds', message: `办件 ${row.case_no} 已于 ${row.handed_off_on} 移交，不再重复移交` });
      else if (!atDistrictStage(row, item(row))) problems.push({ path: 'caseIds', message: `办件 ${row.case_no} 不在“待区级审核确认”环节，不能移交` });
      else out.push({ row, item: item(row) });
    });
    if (ids.length === 0) problems.push({ path: 'caseIds', message: '请选择要移交的办件' });
    if (problems.length > 0) throw validationError(problems);
    return out;
  }
  const rows = db.prepare(`${PENDING_SQL} ORDER BY c.id`).all() as Candidate[];
  return rows
    .filter((r) => r.reached_on === null || r.reached_on <= upTo)
    .map((row) => ({ row: row as CaseRow, item: item(row) }))
    .filter((c) => atDistrictStage(c.row, c.item));
}

export interface PendingHandoff {
  id: number;
  caseNo: string;
  itemCode: string;
  itemName: string;
  decidedBy: string;
  applicantName: string;
  acceptedOn: string | null;
  /** the day it reached 待区级审核确认: the daily package of that day carries it */
  reachedOn: string | null;
}

/** Every case waiting to leave, for the 导出 screen to choose from. */
export function pendingHandoffs(db: Database.Database): PendingHandoff[] {
  const reached = db.prepare("SELECT max(on_date) AS d FROM case_events WHERE case_id = ? AND to_stage = ?").pluck();
  const name = db.prepare('SELECT name FROM residents WHERE id = ?').pluck();
  return handoffCases(db, '9999-12-31').map(({ row, item }) => ({
    id: row.id,
    caseNo: row.case_no,
    itemCode: row.item_code,
    itemName: row.item_name,
    decidedBy: item.decidedBy,
    applicantName: name.get(row.resident_id) as string,
    acceptedOn: row.accepted_on,
    reachedOn: (reached.get(row.id, row.stage) as string | null) ?? null,
  }));
}

const yesNo = (b: boolean) => (b ? '是' : '否');

function formText(item: ItemVersion, values: FormValues): string | null {
  const parts: string[] = [];
  for (const f of item.fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') continue;
    const shown =
      typeof v === 'boolean'
        ? yesNo(v)
        : f.type === 'select'
          ? (f.options?.find((o) => o.value === v)?.label ?? String(v))
          : f.type === 'money' && typeof v === 'number'
            ? v.toFixed(2)
            : String(v);
    parts.push(`${f.label}：${shown}`);
  }
  return parts.length > 0 ? parts.join('；') : null;
}

export const handoffKind: KindSpec = {
  kind: 'handoff',
  label: '移交包',
  layoutVersion: 1,
  columns: HANDOFF_CASE_COLUMNS,
  fileKey: 'cases',
  tables: HANDOFF_TABLES,
  open(db: Database.Database, range, asOf, options?: KindOptions) {
    const settings = readSettings(db);
    const dateTime = chinaDateTimeFormatter();
    const cases = handoffCases(db, range.to, options?.caseIds);
    const users = new Map(db.prepare('SELECT id, display_name FROM users').raw(true).all() as [number, string][]);
    const residentOf = db.prepare('SELECT name, id_number, phone, address FROM residents WHERE id = ?');
    const materialsOf = db.prepare('SELECT * FROM case_materials WHERE case_id = ? ORDER BY position');
    const eventsOf = db.prepare('SELECT * FROM case_events WHERE case_id = ? ORDER BY id');
    const members: Cell[][] = [];
    const materials: Cell[][] = [];
    const stages: Cell[][] = [];

    function* rows(): Generator<Cell[]> {
      for (const { row, item } of cases) {
        const caseNo = row.case_no;
        const resident = residentOf.get(row.resident_id) as { name: string; id_number: string; phone: string | null; address: string | null };
        const household = row.household ? (JSON.parse(row.household) as HouseholdSnapshot) : null;
        const means = new Map(meansOf(db, row.id).map((m) => [m.residentId, m]));
        if (household) {
          household.members.forEach((m, i) => {
            const declared = means.get(m.residentId);
            members.push([caseNo, i + 1, m.name, m.idNumber, m.relation, yesNo(m.isHead), yesNo(m.residentId === row.resident_id), declared?.incomeFen ?? null, declared?.assetsFen ?? null]);
          });
        }
        for (const [i, m] of (materialsOf.all(row.id) as MaterialRow[]).entries()) {
          materials.push([caseNo, i + 1, m.name, FORM_LABELS[m.form], yesNo(m.required === 1), m.copies_required, m.copies_received, m.deferred_due, m.received_later_on]);
        }
        const events = eventsOf.all(row.id) as EventRow[];
        const stageName = (key: string | null) => (key === null ? null : (stageOf(item, key)?.stage.name ?? key));
        let n = 0;
        let postingFrom: string | null = null;
        let postingTo: string | null = null;
        const posting = item.stages.find((s) => s.kind === 'posting')?.key;
        for (const e of events) {
          if (posting !== undefined && e.to_stage === posting && e.from_stage !== posting) postingFrom = e.on_date;
          if (posting !== undefined && e.from_stage === posting && e.to_stage !== posting) postingTo = e.on_date;
          // A rating is the resident's word on the service, not part of the application.
          if (e.action === 'rate') continue;
          stages.push([
            caseNo,
            ++n,
            stageName(e.from_stage),
            EVENT_LABELS[e.action] ?? e.action,
            e.to_stage !== e.from_stage ? stageName(e.to_stage) : null,
            e.opinion,
            e.actor_name,
            e.on_date,
            dateTime(e.at),
          ]);
        }
        const declared = [...means.values()];
        const size = household?.members.length ?? null;
        const income = declared.length > 0 ? declared.reduce((s, m) => s + m.incomeFen, 0) : null;
        const assets = declared.length > 0 ? declared.reduce((s, m) => s + m.assetsFen, 0) : null;
        yield [
          caseNo,
          row.item_code,
          row.item_name,
          item.decidedBy,
          settings.centreName,
          resident.name,
          resident.id_number,
          resident.phone,
          resident.address,
          size,
          income,
          income !== null && size ? Math.round(income / size) : null,
          assets,
          formText(item, JSON.parse(row.form_values) as FormValues),
          row.received_on,
          row.accepted_on,
          row.accepted_by !== null ? (users.get(row.accepted_by) ?? null) : (users.get(row.clerk_id) ?? null),
          row.window_no,
          postingFrom,
          postingTo,
          asOf,
          item.districtTimeLimitDays ?? item.timeLimitDays,
        ];
      }
    }
    return {
      rows: rows(),
      tables: () => ({ members, materials, stages }),
      caseIds: () => cases.map((c) => c.row.id),
    };
  },
};
