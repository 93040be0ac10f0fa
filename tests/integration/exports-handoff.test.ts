/**
 * 移交包 (#18): a 低保 case taken in with its household's means, walked through 入户调查,
 * 初审, 民主评议 and 公示 to 待区级审核确认, leaves in the day's hand-off package; the files
 * are read back (XLSX with exceljs, CSV decoded) and the case carries the run. A second
 * package does not carry it again; chosen cases leave on demand the same day.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDOFF_CASE_COLUMNS, HANDOFF_MATERIAL_COLUMNS, HANDOFF_MEMBER_COLUMNS, HANDOFF_STAGE_COLUMNS } from '../../db/src/exports/kinds/handoff';
import { caseWorld, VALUES } from '../support/cases';
import { asCsvText, completeFolders, manifestOf, readCsv, readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';
import { runDueExports } from '../../db/src/exports/schedule';
import { runExport } from '../../db/src/exports/run';
import { readdirSync, statSync } from 'node:fs';

const DB = 'MZ-DB-001';
const LNJT = 'MZ-LNJT-001';

type World = Awaited<ReturnType<typeof caseWorld>>;

/** A household of three (张建国 head and applicant, wife, son) and its 低保 case at 待区级审核确认. */
async function dibaoAtDistrict(w: World, names = ['张建国', '李秀英', '张小军']) {
  const head = await w.resident(names[0]!, { sex: 'male', birth: '19700101' });
  const wife = await w.resident(names[1]!, { sex: 'female', birth: '19720101' });
  const son = await w.resident(names[2]!, { sex: 'male', birth: '20050101' });
  await w.household(head, [
    { id: wife, relation: '配偶' },
    { id: son, relation: '子女' },
  ]);
  await w.as('li', 'residents.update', { id: head, phone: '13812345678', address: '长乐路 1 弄 2 号 301 室' });
  const means = { members: [head, wife, son].map((residentId, i) => ({ residentId, monthlyIncome: [1200, 800, 0][i]!, assets: [5000, 3000, 0][i]! })) };
  const { case: c } = await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB]!, means });
  const opinions = ['入户调查：家庭成员与申报一致', '初审：收入证明齐全，符合条件', '民主评议：评议小组 7 人一致同意'];
  for (const opinion of opinions) await w.transition('wang', c.id, 'advance', { opinion });
  const postingFrom = w.row(c.id).accepted_on as string;
  const ends = w.row(c.id).posting_ends_on as string;
  w.setDay(ends);
  await w.transition('wang', c.id, 'advance', { opinion: '公示期满无异议' });
  expect(w.row(c.id)).toMatchObject({ status: 'in_progress', stage: 'district', handed_off_on: null });
  return { caseId: c.id, caseNo: c.caseNo, postingFrom, postingTo: ends, members: { head, wife, son } };
}

async function world() {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  const dir = tempDir('onewindow-handoff-');
  await w.as('admin', 'settings.update', { exportDir: dir });
  return { w, dir };
}

/** Reads both files of one table of a package, checks they hold the same cells, and returns the data rows. */
async function table(folder: string, key: string, columns: readonly { name: string; type: string }[]) {
  const m = manifestOf(folder);
  const xlsxFile = m.files.find((f: { name: string }) => f.name.endsWith(`_${key}.xlsx`));
  const csvFile = m.files.find((f: { name: string }) => f.name.endsWith(`_${key}.csv`));
  const xlsx = await readXlsx(join(folder, xlsxFile.name));
  const csv = readCsv(join(folder, csvFile.name), 'utf-8');
  expect(xlsx[0]).toEqual(columns.map((c) => c.name));
  expect(csv.rows).toEqual(xlsx.map((row) => row.map((v, i) => asCsvText(v, columns[i]!.type))));
  expect(xlsx.length - 1).toBe(xlsxFile.rows);
  expect(csvFile.rows).toBe(xlsxFile.rows);
  const byName = (row: (string | number | null)[]) => Object.fromEntries(columns.map((c, i) => [c.name, row[i]]));
  return xlsx.slice(1).map(byName);
}

describe('the 移交 hand-off package', () => {
  it('carries a 低保 case from intake through 公示 with applicant, household, means, materials and every opinion, and marks it handed off with the run', async () => {
    const { w, dir } = await world();
    const d = await dibaoAtDistrict(w);
    const dayReached = (w.core.db.prepare("SELECT max(on_date) AS d FROM case_events WHERE case_id = ? AND to_stage = 'district'").get(d.caseId) as { d: string }).d;

    // The day's package is made the next morning.
    const next = '2026-03-' + String(Number(dayReached.slice(8)) + 1).padStart(2, '0');
    w.setDay(next, '08:00:00');
    const run = await w.as('admin', 'exports.run', { kind: 'handoff', period: dayReached });
    expect(run).toMatchObject({ kind: 'handoff', kindLabel: '移交包', status: 'ok', rows: 1, handedOff: [d.caseNo], folderName: `310101001_handoff_${dayReached}` });
    expect(completeFolders(dir)).toEqual([`310101001_handoff_${dayReached}`]);
    const folder = join(dir, run.folderName!);
    const m = manifestOf(folder);
    expect(m).toMatchObject({ kind: 'handoff', kindLabel: '移交包', layoutVersion: 1, period: dayReached, centreName: '示范街道社区事务受理服务中心' });
    expect(m.files.map((f: { name: string; rows: number }) => [f.name, f.rows])).toEqual([
      [`310101001_handoff_${dayReached}_cases.xlsx`, 1],
      [`310101001_handoff_${dayReached}_cases.csv`, 1],
      [`310101001_handoff_${dayReached}_members.xlsx`, 3],
      [`310101001_handoff_${dayReached}_members.csv`, 3],
      [`310101001_handoff_${dayReached}_materials.xlsx`, expect.any(Number)],
      [`310101001_handoff_${dayReached}_materials.csv`, expect.any(Number)],
      [`310101001_handoff_${dayReached}_stages.xlsx`, expect.any(Number)],
      [`310101001_handoff_${dayReached}_stages.csv`, expect.any(Number)],
    ]);
    expect(await w.as('admin', 'exports.verify', { folder: run.folderName! })).toMatchObject({ ok: true });
    // Personal data: the folder and every file private to the account, like the other exports.
    if (process.platform !== 'win32') {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      for (const f of [...m.files.map((x: { name: string }) => x.name), 'manifest.json']) expect(statSync(join(folder, f)).mode & 0o777, f).toBe(0o600);
    }

    const [c] = await table(folder, 'cases', HANDOFF_CASE_COLUMNS);
    expect(c).toMatchObject({
      办件编号: d.caseNo,
      事项编码: DB,
      事项名称: '最低生活保障',
      决定机关: '区民政局',
      受理中心: '示范街道社区事务受理服务中心',
      申请人姓名: '张建国',
      申请人联系电话: '13812345678',
      申请人住址: '长乐路 1 弄 2 号 301 室',
      家庭人数: 3,
      家庭月收入合计: 2000,
      家庭人均月收入: 666.67,
      家庭财产合计: 8000,
      收件日期: '2026-03-02',
      受理日期: '2026-03-02',
      受理人: expect.any(String),
      公示结束日期: d.postingTo,
      移交日期: next,
      区级办理时限: 10,
    });
    expect(c!['申请人身份证号码']).toMatch(/^\d{17}[\dX]$/);
    expect(c!['申请信息']).toContain('住房情况：公房租赁');
    expect(c!['公示开始日期']).toMatch(/^2026-03-\d\d$/);
    expect(c!['公示开始日期'] as string < d.postingTo).toBe(true);

    const members = await table(folder, 'members', HANDOFF_MEMBER_COLUMNS);
    expect(members.map((r) => [r.办件编号, r.序号, r.姓名, r.与户主关系, r.是否户主, r.是否申请人, r.月收入, r.财产])).toEqual([
      [d.caseNo, 1, '张建国', '本人', '是', '是', 1200, 5000],
      [d.caseNo, 2, '李秀英', '配偶', '否', '否', 800, 3000],
      [d.caseNo, 3, '张小军', '子女', '否', '否', 0, 0],
    ]);
    for (const r of members) expect(r.身份证号码).toMatch(/^\d{17}[\dX]$/);

    const materials = await table(folder, 'materials', HANDOFF_MATERIAL_COLUMNS);
    const application = materials.find((r) => r.材料名称 === '最低生活保障申请书')!;
    expect(application).toMatchObject({ 办件编号: d.caseNo, 材料形式: '原件', 是否必交: '是', 应交份数: 1, 实交份数: 1 });
    expect(materials.every((r) => typeof r.实交份数 === 'number')).toBe(true);

    const stages = await table(folder, 'stages', HANDOFF_STAGE_COLUMNS);
    expect(stages.map((r) => [r.序号, r.环节, r.办理, r.进入环节])).toEqual([
      [1, null, '窗口受理', '入户调查'],
      [2, '入户调查', '完成本环节', '初审'],
      [3, '初审', '完成本环节', '民主评议'],
      [4, '民主评议', '完成本环节', '公示'],
      [5, '公示', '完成本环节', '待区级审核确认'],
    ]);
    expect(stages.slice(1).map((r) => r.意见)).toEqual(['入户调查：家庭成员与申报一致', '初审：收入证明齐全，符合条件', '民主评议：评议小组 7 人一致同意', '公示期满无异议']);
    const reviewer = stages[1]!.办理人;
    expect(reviewer).toBeTruthy();
    expect(stages.slice(1).map((r) => r.办理人)).toEqual([reviewer, reviewer, reviewer, reviewer]);
    expect(stages[0]).toMatchObject({ 办理日期: '2026-03-02', 办理时间: expect.stringMatching(/^2026-03-02 09:00:00$/) });
    expect(stages.at(-1)).toMatchObject({ 办理日期: d.postingTo });
    expect(c!['公示开始日期']).toBe(stages[3]!.办理日期);

    // The case left with this run: the district's clock from the hand-off day, a timeline entry, audit rows.
    const row = w.row(d.caseId);
    expect(row).toMatchObject({ handed_off_on: next, handoff_run_id: run.id, status: 'in_progress', stage: 'district' });
    const view = await w.as('li', 'cases.get', { id: d.caseId });
    expect(view.handoff).toEqual({ on: next, runId: run.id, folderName: run.folderName, decidedBy: '区民政局' });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'handoff', actor: { name: expect.any(String) } });
    const audit = w.core.db.prepare("SELECT action, record_type, record_id FROM audit_log WHERE handler = 'exports.run' ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'handoff', record_type: 'case', record_id: String(d.caseId) },
      { action: 'export', record_type: 'export_run', record_id: String(run.id) },
    ]);

    // The next day's package does not carry it again: an empty package with its header lines.
    w.setDay(next, '09:00:00');
    const nextDay = '2026-03-' + String(Number(next.slice(8)) + 1).padStart(2, '0');
    w.setDay(nextDay, '08:00:00');
    const again = await w.as('admin', 'exports.run', { kind: 'handoff', period: next });
    expect(again).toMatchObject({ status: 'ok', rows: 0, handedOff: [] });
    expect(await table(join(dir, again.folderName!), 'cases', HANDOFF_CASE_COLUMNS)).toEqual([]);
    expect(w.row(d.caseId)).toMatchObject({ handoff_run_id: run.id });
    await w.expectVerified();
  }, 120_000);

  it('hands off chosen cases the same day on demand, refuses cases that cannot leave, and the daily package takes the rest', async () => {
    const { w, dir } = await world();
    const a = await dibaoAtDistrict(w);
    const b = await dibaoAtDistrict(w, ['王大力', '陈美华', '王小明']);
    const day = (w.core.db.prepare("SELECT max(on_date) AS d FROM case_events WHERE case_id = ? AND to_stage = 'district'").get(b.caseId) as { d: string }).d;
    const other = (await w.intake({ residentId: await w.resident('刘老伯', { birth: '19500101' }), itemCode: LNJT, values: VALUES[LNJT] })).case;

    // Refusals leave nothing behind: no run, no folder, no case changed.
    const runs = () => (w.core.db.prepare('SELECT count(*) AS n FROM export_runs').get() as { n: number }).n;
    const refusedOther = await w.asErr('admin', 'exports.run', { kind: 'handoff', period: day, caseIds: [b.caseId, other.id] });
    expect(refusedOther).toMatchObject({ code: 'VALIDATION' });
    expect(refusedOther.fields?.[0]).toMatchObject({ path: 'caseIds', message: `办件 ${other.caseNo} 不在“待区级审核确认”环节，不能移交` });
    expect((await w.asErr('admin', 'exports.run', { kind: 'handoff', period: day, caseIds: [999999] })).fields?.[0]?.message).toBe('没有找到办件（编号 999999）');
    expect((await w.asErr('admin', 'exports.run', { kind: 'ledger', period: '2026-03-02', caseIds: [b.caseId] })).fields?.[0]?.message).toBe('只有移交包可以选定办件导出');
    expect((await w.asErr('admin', 'exports.run', { kind: 'handoff', period: day, caseIds: [] })).fields?.[0]?.message).toBe('请选择要移交的办件');
    // Without chosen cases, the daily package is only for a day that has ended.
    expect((await w.asErr('admin', 'exports.run', { kind: 'handoff', period: day })).fields?.[0]?.message).toContain('尚未结束');
    expect(runs()).toBe(0);
    expect(completeFolders(dir)).toEqual([]);

    // The 导出 screen lists what waits to leave.
    const pending = await w.as('admin', 'exports.handoffPending', {});
    expect(pending.map((p) => [p.caseNo, p.itemName, p.decidedBy, p.applicantName])).toEqual([
      [a.caseNo, '最低生活保障', '区民政局', '张建国'],
      [b.caseNo, '最低生活保障', '区民政局', '王大力'],
    ]);
    expect(pending[1]!.reachedOn).toBe(day);

    // Today, on demand: b alone.
    const chosen = await w.as('admin', 'exports.run', { kind: 'handoff', period: day, caseIds: [b.caseId] });
    expect(chosen).toMatchObject({ status: 'ok', rows: 1, handedOff: [b.caseNo] });
    expect(w.row(b.caseId)).toMatchObject({ handed_off_on: day, handoff_run_id: chosen.id });
    expect(w.row(a.caseId)).toMatchObject({ handed_off_on: null });
    expect((await w.as('admin', 'exports.handoffPending', {})).map((p) => p.caseNo)).toEqual([a.caseNo]);
    const cases = await table(join(dir, chosen.folderName!), 'cases', HANDOFF_CASE_COLUMNS);
    expect(cases.map((r) => r.办件编号)).toEqual([b.caseNo]);
    const members = await table(join(dir, chosen.folderName!), 'members', HANDOFF_MEMBER_COLUMNS);
    expect(new Set(members.map((r) => r.办件编号))).toEqual(new Set([b.caseNo]));
    // A chosen case already handed off is refused.
    expect((await w.asErr('admin', 'exports.run', { kind: 'handoff', period: day, caseIds: [b.caseId] })).fields?.[0]?.message).toBe(
      `办件 ${b.caseNo} 已于 ${day} 移交，不再重复移交`,
    );

    // The next morning, the day's package (run 2 of the day) takes a, not b again.
    const next = '2026-03-' + String(Number(day.slice(8)) + 1).padStart(2, '0');
    w.setDay(next, '08:00:00');
    const daily = await w.as('admin', 'exports.run', { kind: 'handoff', period: day });
    expect(daily).toMatchObject({ status: 'ok', rows: 1, handedOff: [a.caseNo], folderName: `310101001_handoff_${day}_run2` });
    expect(w.row(a.caseId)).toMatchObject({ handed_off_on: next, handoff_run_id: daily.id });
    expect(w.row(b.caseId)).toMatchObject({ handoff_run_id: chosen.id });
    await w.expectVerified();
  }, 120_000);

  it('is made every day by the schedule: the waiting case leaves, named 计划任务 on its timeline and audited as the system', async () => {
    const { w, dir } = await world();
    await w.as('admin', 'settings.update', { exportTime: '07:00' });
    const d = await dibaoAtDistrict(w);
    const day = (w.core.db.prepare("SELECT max(on_date) AS d FROM case_events WHERE case_id = ? AND to_stage = 'district'").get(d.caseId) as { d: string }).d;
    const next = '2026-03-' + String(Number(day.slice(8)) + 1).padStart(2, '0');
    w.setDay(next, '07:30:00');
    expect((await w.as('admin', 'exports.due', {})).kinds.find((k) => k.kind === 'handoff')).toMatchObject({ kindLabel: '移交包', periods: [day] });
    const report = await runDueExports(w.core, w.clock.now());
    const run = report.runs.find((r) => r.kind === 'handoff')!;
    expect(run).toMatchObject({ period: day, trigger: 'schedule', by: '计划任务', status: 'ok', rows: 1 });
    expect(completeFolders(dir)).toContain(`310101001_handoff_${day}`);
    expect(w.row(d.caseId)).toMatchObject({ handed_off_on: next, handoff_run_id: run.id });
    const view = await w.as('li', 'cases.get', { id: d.caseId });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'handoff', actor: { name: '计划任务' }, opinion: '移交区民政局审核确认' });
    const audit = w.core.db.prepare("SELECT actor_id, record_id FROM audit_log WHERE handler = 'exports.run' AND action = 'handoff'").all();
    expect(audit).toEqual([{ actor_id: null, record_id: String(d.caseId) }]);
    // Nothing more is due that day.
    expect((await w.as('admin', 'exports.due', {})).kinds.find((k) => k.kind === 'handoff')!.periods).toEqual([]);
    await w.expectVerified();
  }, 120_000);

  it('hands off nothing when the run fails after its files are written (a case withdrawn meanwhile), and the next package carries the rest', async () => {
    const { w, dir } = await world();
    const a = await dibaoAtDistrict(w);
    const b = await dibaoAtDistrict(w, ['王大力', '陈美华', '王小明']);
    const day = (w.core.db.prepare("SELECT max(on_date) AS d FROM case_events WHERE case_id = ? AND to_stage = 'district'").get(b.caseId) as { d: string }).d;
    const next = '2026-03-' + String(Number(day.slice(8)) + 1).padStart(2, '0');
    w.setDay(next, '08:00:00');
    const now = w.clock.now();
    let withdrawn = false;
    // The clock is read again once the files are written: b is withdrawn at that moment,
    // after the snapshot the files were read from and before the run completes.
    const clock = () => {
      if (!withdrawn) {
        w.core.db.prepare("UPDATE cases SET status = 'withdrawn', stage = NULL, completed_on = ? WHERE id = ?").run(next, b.caseId);
        withdrawn = true;
      }
      return now;
    };
    const failed = await runExport({ db: w.core.db, dbPath: w.core.dbPath, programVersion: 'test' }, { kind: 'handoff', period: day, trigger: 'manual', actor: null, now, clock }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe(`办件 ${b.caseNo} 不在“待区级审核确认”环节，不能移交`);
    expect(withdrawn).toBe(true);
    // Nothing left: a is not handed off, no folder (complete or temporary), the run failed and audited.
    expect(w.row(a.caseId)).toMatchObject({ handed_off_on: null, handoff_run_id: null });
    expect(readdirSync(dir)).toEqual([]);
    expect((await w.as('admin', 'exports.history', { kind: 'handoff' }))[0]).toMatchObject({ status: 'failed' });
    expect(w.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'handoff'").get()).toEqual({ n: 0 });
    expect(w.core.db.prepare("SELECT count(*) AS n FROM case_events WHERE action = 'handoff'").get()).toEqual({ n: 0 });

    const again = await w.as('admin', 'exports.run', { kind: 'handoff', period: day });
    expect(again).toMatchObject({ status: 'ok', rows: 1, handedOff: [a.caseNo], folderName: `310101001_handoff_${day}` });
    await w.expectVerified();
  }, 120_000);
});
