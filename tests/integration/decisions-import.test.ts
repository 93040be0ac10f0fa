/**
 * 导入区级决定 (issue #18): the decisions of the 区民政局 come back as a file; good rows close
 * their handed-off cases (准予 starts the benefit at the district's amount), bad rows change
 * nothing, a dry run writes nothing, the same file again is a no-op, and the applicant is
 * then told at the window (待告知申请人 → cases.recordTold).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';
import { dibaoCase, handOff, tekunCase, toDistrictStage } from '../support/district';
import { ADMIN, tempDir } from '../support/temp';

const HEADER = '办件编号,决定（准予/不予）,决定文号,决定日期,月发放金额（元）,起始月份,理由';

type World = Awaited<ReturnType<typeof caseWorld>>;

function writeCsv(dir: string, file: string, lines: string[]) {
  const path = join(dir, file);
  writeFileSync(path, '\ufeff' + [HEADER, ...lines].join('\r\n') + '\r\n');
  return path;
}

const count = (w: World, sql: string, ...args: unknown[]) => (w.core.db.prepare(`SELECT count(*) AS n FROM ${sql}`).get(...args) as { n: number }).n;
/** Everything an import may write, to compare before and after. */
const state = (w: World) =>
  JSON.stringify({
    cases: w.core.db.prepare('SELECT id, status, stage, form_values, completed_on, decided_by, decision_no, decision_date, decision_import_id FROM cases ORDER BY id').all(),
    events: count(w, 'case_events'),
    beneficiaries: w.core.db.prepare('SELECT * FROM beneficiaries ORDER BY id').all(),
    changes: count(w, 'beneficiary_changes'),
    imports: count(w, 'decision_imports'),
  });

describe('导入区级决定', { timeout: 180_000 }, () => {
  it('closes handed-off cases with the district’s decision, refuses bad rows without a trace, dry run and a repeated file change nothing, and the applicant is told', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const a = await dibaoCase(w, '张建国'); // 准予, the district's amount differs from the means test's
    const b = await tekunCase(w, '李桂英'); // 不予
    const notHanded = await tekunCase(w, '王秀兰');
    const noAmount = await dibaoCase(w, '赵德明');
    const twice = await tekunCase(w, '孙美华');
    const noReason = await tekunCase(w, '周立新');
    const lnjtResident = await w.resident('吴老伯', { birth: '19500301' });
    const centreItem = (await w.intake({ residentId: lnjtResident, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001'] })).case;
    for (const c of [a, b, notHanded, noAmount, twice, noReason]) await toDistrictStage(w, c.caseId);
    w.setDay('2026-03-16');
    handOff(w, [a.caseId, b.caseId, noAmount.caseId, twice.caseId, noReason.caseId], '2026-03-16');
    w.setDay('2026-03-20');

    const dir = tempDir('onewindow-decisions-');
    const file = writeCsv(dir, '区民政局决定 2026-03-19.csv', [
      `${a.caseNo},准予,黄民保〔2026〕101号,2026-03-18,1200.00,2026-04,`,
      `${b.caseNo},不予,黄民特〔2026〕7号,2026/3/18,,,有法定赡养人且具备赡养能力`,
      `${notHanded.caseNo},准予,黄民特〔2026〕8号,2026-03-18,900,2026-04,`,
      `${noAmount.caseNo},准予,黄民保〔2026〕102号,2026-03-18,,2026-04,`,
      `NO-SUCH-CASE,准予,黄民保〔2026〕103号,2026-03-18,1000,2026-04,`,
      `${centreItem.caseNo},准予,黄民〔2026〕1号,2026-03-18,150,2026-04,`,
      `${twice.caseNo},准予,黄民特〔2026〕9号,2026-03-18,900,2026-04,`,
      `${twice.caseNo},不予,黄民特〔2026〕9号,2026-03-18,,,重复`,
      `${noReason.caseNo},不予,黄民特〔2026〕10号,2026-03-18,,,`,
      `${noReason.caseNo.slice(0, -1)}X,同意,黄民特〔2026〕11号,2026-03-18,,,`,
    ]);
    const expectedRefusals = [
      [4, '尚未移交区民政局'],
      [5, '须填写月发放金额'],
      [6, 'NO-SUCH-CASE 不存在'],
      [7, '不是区级决定的事项'],
      [8, '出现多次（第 8、9 行）'],
      [9, '出现多次（第 8、9 行）'],
      [10, '不予的决定须写明理由'],
      [11, ''],
    ] as const;

    // Dry run: the same report, nothing written but its audit row.
    const before = state(w);
    const dry = await w.as('wang', 'decisions.import', { file, dryRun: true });
    expect(dry).toMatchObject({ applied: 2, unchanged: 0, dryRun: true, importId: null, alreadyImported: false });
    expect(dry.refused.map((r) => r.line)).toEqual(expectedRefusals.map((r) => r[0]));
    for (const [i, [, reason]] of expectedRefusals.entries()) expect(dry.refused[i]!.reason).toContain(reason);
    expect(state(w)).toBe(before);

    const report = await w.as('wang', 'decisions.import', { file });
    expect(report).toMatchObject({ applied: 2, unchanged: 0, dryRun: false, alreadyImported: false, fileName: '区民政局决定 2026-03-19.csv' });
    expect(report.refused).toEqual(dry.refused);
    expect(report.rows.map((r) => r.result)).toEqual(['applied', 'applied', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(report.rows[0]).toMatchObject({ caseNo: a.caseNo, name: '张建国', itemName: '最低生活保障', amount: 1200, startMonth: '2026-04' });

    // 准予: closed with the district's decision; the benefit at its amount, not the means test's 1150.
    expect(w.row(a.caseId)).toMatchObject({
      status: 'approved',
      stage: null,
      completed_on: '2026-03-20',
      decided_by: '区民政局',
      decision_no: '黄民保〔2026〕101号',
      decision_date: '2026-03-18',
      decision_import_id: report.importId,
      applicant_told_on: null,
    });
    const shownA = await w.as('li', 'cases.get', { id: a.caseId });
    expect(shownA.beneficiary).toMatchObject({ latestAmount: 1200, startMonth: '2026-04', amountSource: 'field' });
    expect(shownA.formValues.assessedAmount).toBe(1200);
    expect(shownA.districtDecision).toMatchObject({ decidedBy: '区民政局', decisionNo: '黄民保〔2026〕101号', decisionDate: '2026-03-18', toldOn: null });
    expect(shownA.timeline.at(-1)).toMatchObject({ action: 'district_decision', actionLabel: '区级决定', toStatus: 'approved', actor: { name: expect.any(String) } });
    expect(shownA.stages.find((s) => s.kind === 'district')).toMatchObject({ state: 'done' });
    // 不予: closed with its reason, no benefit.
    expect(w.row(b.caseId)).toMatchObject({ status: 'not_approved', decided_by: '区民政局', decision_date: '2026-03-18', outcome_reason: '有法定赡养人且具备赡养能力' });
    expect(count(w, 'beneficiaries WHERE case_id = ?', b.caseId)).toBe(0);
    // Refused rows: their cases as they were.
    for (const c of [notHanded, noAmount, twice, noReason]) expect(w.row(c.caseId)).toMatchObject({ status: 'in_progress', stage: 'district', decided_by: null });
    expect(w.row(centreItem.id)).toMatchObject({ status: 'in_progress', decided_by: null });

    // One audited operation naming the file and its SHA-256, with the cases' and benefit's rows.
    const audit = w.core.db.prepare("SELECT action, record_type, record_id, detail FROM audit_log WHERE handler = 'decisions.import' ORDER BY id").all() as { action: string; record_type: string; record_id: string | null; detail: string | null }[];
    expect(audit.map((r) => `${r.action}:${r.record_type}`)).toEqual(['import_dry_run:decision_import', 'district_decision:case', 'start:beneficiary', 'district_decision:case', 'import:decision_import']);
    expect(JSON.parse(audit.at(-1)!.detail!)).toMatchObject({ fileName: '区民政局决定 2026-03-19.csv', sha256: report.sha256, applied: 2, refused: 8 });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = await w.as('chen', 'decisions.report', { importId: report.importId! });
    expect(stored).toMatchObject({ fileName: '区民政局决定 2026-03-19.csv', applied: 2, refused: 8, rowsTotal: 10 });
    expect(stored.rows).toEqual(report.rows);
    expect((await w.asErr('li', 'decisions.import', { file })).code).toBe('FORBIDDEN');

    // The same file again changes nothing.
    const after = state(w);
    const again = await w.as('chen', 'decisions.import', { file });
    expect(again).toMatchObject({ applied: 0, alreadyImported: true, importId: report.importId });
    expect(state(w)).toBe(after);

    // A later file: the fixed rows apply; re-deciding a closed case is refused, the same decision repeated is unchanged.
    w.setDay('2026-03-25');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('决定');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([noAmount.caseNo, '准予', '黄民保〔2026〕102号', new Date(Date.UTC(2026, 2, 24)), 980.5, '2026-04', '']);
    sheet.addRow([a.caseNo, '准予', '黄民保〔2026〕101号', '2026-03-18', 1200, '2026-04', '']);
    sheet.addRow([b.caseNo, '准予', '黄民特〔2026〕77号', '2026-03-24', 900, '2026-04', '']);
    sheet.addRow([noReason.caseNo, '不予', '黄民特〔2026〕10号', '2026-03-24', '', '', '家庭财产超过规定']);
    sheet.addRow([twice.caseNo, '准予', '黄民特〔2026〕9号', '2026-03-24', 900, '2025-12', '']);
    const xlsx = join(dir, '区民政局决定 2026-03-24.xlsx');
    await book.xlsx.writeFile(xlsx);
    const second = await w.as('wang', 'decisions.import', { file: xlsx });
    expect(second).toMatchObject({ applied: 2, unchanged: 1 });
    expect(second.rows.map((r) => r.result)).toEqual(['applied', 'unchanged', 'refused', 'applied', 'refused']);
    expect(second.rows[2]!.reason).toContain('已办结');
    expect(second.rows[4]!.reason).toContain('起始月份 2025-12 早于申请月份 2026-03');
    expect(w.row(noAmount.caseId)).toMatchObject({ status: 'approved', decision_date: '2026-03-24' });
    expect((await w.as('li', 'cases.get', { id: noAmount.caseId })).beneficiary).toMatchObject({ latestAmount: 980.5 });
    expect(w.row(b.caseId)).toMatchObject({ status: 'not_approved', decision_no: '黄民特〔2026〕7号' });

    // 待告知申请人: the decided cases of li until told; printed or delivered.
    const toTell = async () => (await w.as('li', 'cases.worklist', { group: 'toTell' })).toTell;
    expect((await toTell()).items.map((c) => c.caseNo)).toEqual([a.caseNo, b.caseNo, noAmount.caseNo, noReason.caseNo]);
    const told = await w.as('li', 'cases.recordTold', { caseId: a.caseId, how: 'notice_printed' });
    expect(told.districtDecision).toMatchObject({ toldOn: '2026-03-25', toldHow: 'notice_printed', toldHowLabel: '已打印办结通知' });
    await w.as('wang', 'cases.recordTold', { caseId: b.caseId, how: 'delivered', note: '已上门送达不予决定书' });
    expect((await toTell()).items.map((c) => c.caseNo)).toEqual([noAmount.caseNo, noReason.caseNo]);
    expect((await toTell()).total).toBe(2);
    expect((await w.as('li', 'cases.get', { id: b.caseId })).timeline.at(-1)).toMatchObject({ action: 'applicant_told', opinion: '已上门送达不予决定书' });
    const repeat = await w.asErr('li', 'cases.recordTold', { caseId: a.caseId, how: 'delivered' });
    expect(repeat.code).toBe('CONFLICT');
    expect(repeat.message).toContain('已于 2026-03-25 告知申请人');
    const notDistrict = await w.asErr('li', 'cases.recordTold', { caseId: centreItem.id, how: 'delivered' });
    expect(notDistrict.code).toBe('CONFLICT');
    expect(notDistrict.message).toContain('不是区级决定办结的办件');
    expect((await w.asErr('admin', 'cases.recordTold', { caseId: a.caseId, how: 'delivered' })).code).toBe('FORBIDDEN');
    expect(count(w, "audit_log WHERE handler = 'cases.recordTold'")).toBe(2);
    await w.expectVerified();
  });

  it('a rule only the application finds (低保 and 特困 cannot be combined) refuses its row alone: that case stays as it was, the row before it stands', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const tk = await tekunCase(w, '钱阿婆');
    await w.household(tk.residentId);
    const { case: db } = await w.intake({ residentId: tk.residentId, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], means: w.householdMeans(tk.residentId, [300]) });
    for (const id of [tk.caseId, db.id]) await toDistrictStage(w, id);
    w.setDay('2026-03-16');
    handOff(w, [tk.caseId, db.id], '2026-03-16');
    w.setDay('2026-03-20');
    const file = writeCsv(tempDir('onewindow-decisions-'), 'both.csv', [
      `${tk.caseNo},准予,黄民特〔2026〕20号,2026-03-19,1580,2026-04,`,
      `${db.caseNo},准予,黄民保〔2026〕21号,2026-03-19,1250,2026-04,`,
    ]);
    const events = w.eventCount(db.id);
    const report = await w.as('wang', 'decisions.import', { file });
    expect(report.rows.map((r) => r.result)).toEqual(['applied', 'refused']);
    expect(report.refused[0]!.reason).toContain('特困');
    expect(w.row(tk.caseId)).toMatchObject({ status: 'approved', decided_by: '区民政局' });
    expect(w.row(db.id)).toMatchObject({ status: 'in_progress', stage: 'district', decided_by: null, decision_import_id: null });
    expect(JSON.parse(w.row(db.id).form_values as string).assessedAmount).toBeUndefined();
    expect(w.eventCount(db.id)).toBe(events);
    expect(count(w, 'beneficiaries')).toBe(1);
    await w.expectVerified();
  });

  it('refuses a file of another layout with a Chinese message and writes nothing', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const dir = tempDir('onewindow-decisions-');
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, '办件编号,结果\n1,准予\n');
    const err = await w.asErr('wang', 'decisions.import', { file: wrong });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('区级决定文件的表头应为：办件编号,决定（准予/不予）');
    const empty = writeCsv(dir, 'empty.csv', []);
    expect((await w.asErr('wang', 'decisions.import', { file: empty })).message).toContain('没有数据行');
    expect((await w.asErr('wang', 'decisions.import', { file: join(dir, 'none.csv') })).code).toBe('NOT_FOUND');
    expect((await w.asErr('wang', 'decisions.import', { file: 'relative.csv' })).code).toBe('VALIDATION');
    expect(count(w, 'decision_imports') + count(w, "audit_log WHERE handler = 'decisions.import'")).toBe(0);
  });
});

describe('the documented sample through the command line', { timeout: 180_000 }, () => {
  it('docs/samples/district-decisions-sample.csv closes the two cases a fresh centre takes in first on 2026-03-02 (低保 准予, 特困 不予); the CLI answers { applied, refused } as JSON', async () => {
    // The sample's case numbers are the first two a centre with code 310101001 issues on
    // 2026-03-02: this fixture takes in exactly those two cases, in this order.
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const a = await dibaoCase(w, '张建国');
    const b = await tekunCase(w, '李桂英');
    expect([a.caseNo, b.caseNo]).toEqual(['310101001202603020001', '310101001202603020002']);
    for (const c of [a, b]) await toDistrictStage(w, c.caseId);
    w.setDay('2026-03-16');
    handOff(w, [a.caseId, b.caseId], '2026-03-16');
    const dbPath = w.core.dbPath;
    w.core.close();

    const root = process.cwd();
    const sample = join(root, 'docs/samples/district-decisions-sample.csv');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', '--db', dbPath, '--user', 'admin', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password } });
    const res = run(['decisions.import', JSON.stringify({ file: sample })]);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ applied: 2, refused: [], alreadyImported: false, dryRun: false });
    expect(out.rows.map((r: { caseNo: string; result: string }) => [r.caseNo, r.result])).toEqual([
      [a.caseNo, 'applied'],
      [b.caseNo, 'applied'],
    ]);
    const again = JSON.parse(run(['decisions.import', JSON.stringify({ file: sample })]).stdout);
    expect(again).toMatchObject({ applied: 0, refused: [], alreadyImported: true, importId: out.importId });

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT case_no, status, decided_by, decision_no FROM cases ORDER BY id').all()).toEqual([
        { case_no: a.caseNo, status: 'approved', decided_by: '区民政局', decision_no: '黄民保〔2026〕101号' },
        { case_no: b.caseNo, status: 'not_approved', decided_by: '区民政局', decision_no: '黄民特〔2026〕7号' },
      ]);
      expect(db.prepare('SELECT amount_fen, start_month FROM beneficiaries').all()).toEqual([{ amount_fen: 120000, start_month: '2026-04' }]);
    } finally {
      db.close();
    }
  });
});
