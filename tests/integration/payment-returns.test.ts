import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';
import { manifestOf, readCsv, readXlsx } from '../support/exports';
import { ADMIN, tempDbPath, tempDir } from '../support/temp';
import { spawnSync } from 'node:child_process';
import { monthFigures, monthlyKind, MONTHLY_COLUMNS } from '../../db/src/exports/kinds/monthly';

const LNJT = 'MZ-LNJT-001'; // 老年综合津贴: 70–79 150 元 a month
const HEADER = '发放月份,身份证号码,姓名,银行账号,发放金额（元）,办件编号,结果,失败原因';

type World = Awaited<ReturnType<typeof caseWorld>>;

/** Takes in a 老年综合津贴 case and approves it in March: paid from 2026-04. */
async function approved(w: World, name: string) {
  const residentId = await w.resident(name, { birth: '19500301' });
  const { case: c } = await w.intake({ residentId, itemCode: LNJT, values: VALUES[LNJT] });
  await w.transition('wang', c.id, 'advance');
  const done = await w.transition('chen', c.id, 'approve');
  const r = w.core.db.prepare('SELECT id_number FROM residents WHERE id = ?').get(residentId) as { id_number: string };
  return { residentId, caseNo: c.caseNo as string, idNumber: r.id_number, beneficiaryId: done.beneficiary!.id as number, name };
}

const count = (w: World, table: string) => (w.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function writeCsv(dir: string, file: string, lines: string[], bom = true) {
  const path = join(dir, file);
  writeFileSync(path, (bom ? '\ufeff' : '') + [HEADER, ...lines].join('\r\n') + '\r\n');
  return path;
}

async function rosterFiles(w: World, dir: string, month: string) {
  const out = await w.as('admin', 'exports.run', { kind: 'roster', period: month });
  const folder = join(dir, out.folderName!);
  const m = manifestOf(folder);
  const xlsx = await readXlsx(join(folder, m.files.find((f: { format: string }) => f.format === 'xlsx').name));
  const csv = readCsv(join(folder, m.files.find((f: { format: string }) => f.format === 'csv').name), 'utf-8').rows;
  return { xlsx, csv };
}

describe('银行回盘: payment results coming back', { timeout: 180_000 }, () => {
  it('imports a return with one success and one failure, refuses bad rows, a second import applies 0, and a confirmed 补发 is paid in the next roster', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const exportDir = tempDir('onewindow-roster-');
    await w.as('admin', 'settings.update', { exportDir });
    const qian = await approved(w, '钱老伯');
    const sun = await approved(w, '孙阿婆');
    w.setDay('2026-06-03');
    const dir = tempDir('onewindow-return-');

    // Bad rows alone: every one refused with its reason, nothing written.
    const bad = writeCsv(dir, 'bad.csv', [
      `2026-05,${qian.idNumber},钱老伯,6222000011112222,160.00,${qian.caseNo},成功,`,
      `2026-05,${qian.idNumber},钱老伯,6222000011112222,150.00,NO-SUCH-CASE,成功,`,
      `2026-03,${qian.idNumber},钱老伯,6222000011112222,150.00,${qian.caseNo},成功,`,
      `2026-05,${sun.idNumber},钱老伯,6222000011112222,150.00,${qian.caseNo},成功,`,
      `2026-05,${sun.idNumber},孙阿婆,6222000033334444,150.00,${sun.caseNo},退回,`,
      `2026-05,${sun.idNumber},孙阿婆,6222000033334444,150.00,${sun.caseNo},失败,`,
    ]);
    const imports = () => (w.core.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE handler = 'payments.importReturn'`).get() as { n: number }).n;
    const refused = await w.as('wang', 'payments.importReturn', { file: bad });
    expect(refused.applied).toBe(0);
    expect(refused.refused.map((r: { line: number }) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(refused.refused[0]!.reason).toContain('与 2026-05 应发金额 150.00 元不符');
    expect(refused.refused[1]!.reason).toContain('NO-SUCH-CASE 不存在');
    expect(refused.refused[2]!.reason).toContain('不一致');
    expect(refused.refused[3]!.reason).toContain('身份证号码');
    expect(refused.refused[4]!.reason).toContain('结果“退回”无效');
    expect(refused.refused[5]!.reason).toContain('失败原因');
    expect(count(w, 'payment_results') + count(w, 'payment_return_imports')).toBe(0);
    expect(imports()).toBe(1);

    // A row of a month before the benefit started is not in that month's roster.
    const early = writeCsv(dir, 'early.csv', [`2026-03,${qian.idNumber},钱老伯,6222000011112222,150.00,${qian.caseNo},成功,`]);
    expect((await w.as('wang', 'payments.importReturn', { file: early })).refused[0]!.reason).toContain('不在 2026-03 的发放名册中');

    // The documented sample (2026-04: these two cases, the first world of this test) imports as the docs say.
    const sample = join(process.cwd(), 'docs/samples/bank-return-sample.csv');
    const sampleReport = await w.as('chen', 'payments.importReturn', { file: sample });
    expect(sampleReport).toMatchObject({ applied: 2, paid: 1, month: '2026-04', refused: [], failed: [{ name: '孙阿婆', reason: '户名与账号不符' }] });

    // The 2026-05 return: qian paid, sun failed, one row repeated.
    const good = writeCsv(dir, '2026-05 回盘.csv', [
      `2026-05,${qian.idNumber},钱老伯,6222000011112222,150.00,${qian.caseNo},成功,`,
      `2026-05,${sun.idNumber},孙阿婆,6222000033334444,150,${sun.caseNo},失败,账户已销户`,
      `2026-05,${sun.idNumber},孙阿婆,6222000033334444,150.00,${sun.caseNo},失败,账户已销户`,
    ]);
    const dry = await w.as('wang', 'payments.importReturn', { file: good, dryRun: true });
    expect(dry).toMatchObject({ applied: 2, paid: 1, month: '2026-05', dryRun: true });
    expect(count(w, 'payment_results')).toBe(2);
    const report = await w.as('wang', 'payments.importReturn', { file: good });
    expect(report).toMatchObject({ applied: 2, paid: 1, month: '2026-05', refused: [{ line: 4 }] });
    expect(report.refused[0]!.reason).toContain('重复');
    expect(report.failed).toEqual([{ line: 3, caseNo: sun.caseNo, name: '孙阿婆', month: '2026-05', amount: 150, reason: '账户已销户', reissue: false }]);
    expect(count(w, 'payment_results')).toBe(4);

    // The same file again: nothing applied.
    const again = await w.as('chen', 'payments.importReturn', { file: good });
    expect(again).toMatchObject({ applied: 0, alreadyImported: true });
    expect(count(w, 'payment_results')).toBe(4);

    expect((await w.as('wang', 'payments.failures', {})).items.map((f: { month: string }) => f.month)).toEqual(['2026-05', '2026-04']);
    const failures = await w.as('wang', 'payments.failures', { month: '2026-05' });
    expect(failures.items).toEqual([
      expect.objectContaining({ beneficiaryId: sun.beneficiaryId, name: '孙阿婆', itemCode: LNJT, month: '2026-05', amount: 150, reason: '账户已销户', reissue: null }),
    ]);
    expect(failures.items[0]!.idNumber).not.toBe(sun.idNumber);

    // The beneficiary's history shows paid/failed per month.
    expect((await w.as('li', 'beneficiaries.get', { id: sun.beneficiaryId })).payments).toEqual([
      { month: '2026-05', result: 'failed', amount: 150, reason: '账户已销户' },
      { month: '2026-04', result: 'failed', amount: 150, reason: '户名与账号不符' },
    ]);
    expect((await w.as('li', 'beneficiaries.get', { id: qian.beneficiaryId })).payments.map((p: { result: string }) => p.result)).toEqual(['paid', 'paid']);
    // The 月报 counts what the bank paid (实际发放金额) beside what was due.
    const may = monthFigures(w.core.db, '2026-05').get(LNJT)!;
    expect([may.amountFen, may.paidFen]).toEqual([30000, 15000]);
    const monthlyRows = [...monthlyKind.open(w.core.db, { from: '2026-05', to: '2026-05' }, '2026-06-03').rows];
    const paidAt = MONTHLY_COLUMNS.findIndex((c) => c.name === '实际发放金额（元）');
    expect(monthlyRows.find((r) => r[3] === LNJT)![paidAt]).toBe(15000);
    expect(monthlyRows.find((r) => r[3] === LNJT)![paidAt + 1]).toBe(15000);
    expect(monthlyRows.at(-1)![paidAt]).toBe(15000);

    // 补发: wang proposes; wang cannot confirm his own; chen confirms.
    expect((await w.asErr('wang', 'payments.reissue', { beneficiaryId: qian.beneficiaryId, month: '2026-05', reason: '补发' })).code).toBe('CONFLICT');
    const proposal = await w.as('wang', 'payments.reissue', { beneficiaryId: sun.beneficiaryId, month: '2026-05', reason: '原账户已销户，已更正为新账户' });
    expect(proposal).toMatchObject({ status: 'proposed', amount: 150, reissueMonth: null });
    const own = await w.asErr('wang', 'payments.confirmReissue', { reissueId: proposal.id });
    expect(own.code).toBe('CONFLICT');
    expect(own.message).toContain('另一名审核人员');
    const confirmed = await w.as('chen', 'payments.confirmReissue', { reissueId: proposal.id });
    expect(confirmed).toMatchObject({ status: 'confirmed', reissueMonth: '2026-06', confirmedBy: expect.any(String) });

    // Exports are of finished months.
    w.setDay('2026-08-03');
    const { xlsx, csv } = await rosterFiles(w, exportDir, '2026-06');
    const body = xlsx.slice(1, -1);
    expect(body.map((r) => [r[2], r[6], r[9], r[10]])).toEqual([
      ['钱老伯', 150, qian.caseNo, null],
      ['孙阿婆', 150, sun.caseNo, null],
      ['孙阿婆', 150, sun.caseNo, '补发 2026-05 发放失败款项'],
    ]);
    expect(xlsx.at(-1)!.slice(0, 7)).toEqual(['合计', '2026-06', '共2人', null, null, null, 450]);
    expect(csv.at(-1)!.slice(0, 7)).toEqual(['合计', '2026-06', '共2人', '', '', '', '450.00']);
    expect(csv.some((r) => r[10] === '补发 2026-05 发放失败款项')).toBe(true);
    // 2026-07 pays the regular rows only.
    expect((await rosterFiles(w, exportDir, '2026-07')).xlsx.slice(1, -1)).toHaveLength(2);

    const listed = await w.as('wang', 'payments.failures', { month: '2026-05' });
    expect(listed.items[0]!.reissue).toMatchObject({ status: 'confirmed', reissueMonth: '2026-06' });

    // The 2026-06 return carries the 补发 row after the regular ones, with the same 办件编号: it
    // reconciles the re-issue, and 2026-05 then reads paid for sun.
    const june = writeCsv(dir, '2026-06 回盘.csv', [
      `2026-06,${qian.idNumber},钱老伯,6222000011112222,150.00,${qian.caseNo},成功,`,
      `2026-06,${sun.idNumber},孙阿婆,6222000055556666,150.00,${sun.caseNo},成功,`,
      `2026-06,${sun.idNumber},孙阿婆,6222000055556666,150.00,${sun.caseNo},成功,`,
      `2026-06,${sun.idNumber},孙阿婆,6222000055556666,150.00,${sun.caseNo},成功,`,
    ]);
    const juneReport = await w.as('chen', 'payments.importReturn', { file: june });
    expect(juneReport).toMatchObject({ applied: 3, paid: 3, month: '2026-06', failed: [] });
    // a third row for sun is neither the regular payment nor a re-issue still to reconcile
    expect(juneReport.refused).toEqual([{ line: 5, reason: expect.stringContaining('重复') }]);
    expect((await w.as('wang', 'payments.failures', { month: '2026-05' })).items).toEqual([]);
    expect((await w.as('li', 'beneficiaries.get', { id: sun.beneficiaryId })).payments.slice(0, 2)).toEqual([
      { month: '2026-06', result: 'paid', amount: 150, reason: null },
      { month: '2026-05', result: 'paid', amount: 150, reason: null },
    ]);
    // what the bank paid for May now includes the re-issue
    expect(monthFigures(w.core.db, '2026-05').get(LNJT)!.paidFen).toBe(30000);
    // the 补发 row again in another file: already reconciled
    const juneAgain = writeCsv(dir, '2026-06 补发.csv', [`2026-06,${sun.idNumber},孙阿婆,6222000055556666,150.00,${sun.caseNo},成功,`]);
    expect((await w.as('chen', 'payments.importReturn', { file: juneAgain })).refused).toEqual([{ line: 2, reason: expect.stringContaining('已由此前的回盘导入') }]);
    await w.expectVerified();
  });
});

describe('银行回盘 as XLSX', { timeout: 180_000 }, () => {
  it('reads the bank’s spreadsheet (shared strings, numbers) like the CSV', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const qian = await approved(w, '钱老伯');
    w.setDay('2026-06-03');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('回盘');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['2026-05', qian.idNumber, '钱老伯', '6222000011112222', 150, qian.caseNo, '失败', '账号不存在 & 已销户']);
    sheet.addRow(['2026-05', qian.idNumber, '钱老伯', '6222000011112222', 150, qian.caseNo, '成功', '']);
    const file = join(tempDir('onewindow-return-'), '回盘.xlsx');
    await wb.xlsx.writeFile(file);
    const report = await w.as('wang', 'payments.importReturn', { file });
    expect(report).toMatchObject({ applied: 1, paid: 0, month: '2026-05', failed: [{ line: 2, reason: '账号不存在 & 已销户' }], refused: [{ line: 3 }] });
    const missing = await w.asErr('wang', 'payments.importReturn', { file: join(tempDir(), 'none.csv') });
    expect(missing.code).toBe('NOT_FOUND');
    expect((await w.asErr('wang', 'payments.importReturn', { file: 'relative.csv' })).code).toBe('VALIDATION');
    expect((await w.asErr('li', 'payments.importReturn', { file })).code).toBe('FORBIDDEN');
  });
});

describe('银行回盘 through the command line', { timeout: 180_000 }, () => {
  it('payments.importReturn answers { applied, refused } as JSON: the sample on an empty centre refuses every row with its reason', () => {
    const root = join(process.cwd());
    const db = tempDbPath();
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', '--db', db, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password } });
    expect(run(['accounts.setup', JSON.stringify(ADMIN)]).status).toBe(0);
    const res = run(['--user', 'admin', 'payments.importReturn', JSON.stringify({ file: join(root, 'docs/samples/bank-return-sample.csv') })]);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.applied).toBe(0);
    expect(out.refused).toEqual([
      { line: 2, reason: expect.stringContaining('不存在') },
      { line: 3, reason: expect.stringContaining('不存在') },
    ]);
  });
});
