import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { amountInMonth, changesOf, type BeneficiaryRow } from '../../db/src/beneficiaries/beneficiaries';
import { FAMILY_LABELS } from '../../db/src/catalogue/definition';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { DECISION_LABELS, STATUS_LABELS } from '../../db/src/shared/vocabulary';
import { LEDGER_COLUMNS } from '../../db/src/exports/kinds/ledger';
import { MONTHLY_COLUMNS } from '../../db/src/exports/kinds/monthly';
import { ROSTER_COLUMNS } from '../../db/src/exports/kinds/roster';
import { caseWorld, VALUES } from '../support/cases';
import { asCsvText, completeFolders, manifestOf, readCsv, readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';
import type { HandlerInput } from '../../db/src/contract';

const LNJT = 'MZ-LNJT-001';
const SHBT = 'CL-SHBT-001';
const SYDJ = 'RS-SYDJ-001';

/**
 * A known February and March 2026, built through the real handlers:
 *   Feb: R1 老年综合津贴 accepted 02-02, approved 02-04 (paid from March, 150);
 *        R2 残疾人生活补贴 accepted 02-03, approved 02-05 from February (200);
 *        R3 老年综合津贴 refused 02-05; R8 老年综合津贴 accepted 02-25 and left open;
 *        R9 老年综合津贴 accepted 02-26, approved late on 03-20.
 *   Mar: R4 老年综合津贴 accepted 03-02, approved 03-04 (paid from April);
 *        R5 老年综合津贴 一次性告知 03-03; R7 失业登记 accepted 03-04, not approved 03-05.
 */
async function knownWorld() {
  const w = await caseWorld('2026-02-02T09:00:00+08:00');
  const dir = tempDir('onewindow-exports-');
  const ids: Record<string, number> = {};
  const residents: Record<string, number> = {};
  const person = async (key: string, name: string, birth = '19500101') => {
    residents[key] = await w.resident(name, { birth });
  };
  await person('R1', '张𠮷', '19500301');
  await person('R2', '李四', '19800101');
  await person('R3', '王五', '19550101');
  await person('R4', '赵六', '19560101');
  await person('R5', '钱七', '19570101');
  await person('R7', '孙八', '19900101');
  await person('R8', '周九', '19580101');
  await person('R9', '吴十', '19590101');
  await w.as('li', 'residents.update', { id: residents.R1!, bankName: '上海农商银行', bankAccount: '6228480012345678901' });
  await w.as('li', 'residents.update', { id: residents.R2!, bankName: '上海银行', bankAccount: '6222021234567890' });

  const accept = async (key: string, itemCode: string, extra: Partial<HandlerInput<'cases.intake'>> = {}) => {
    ids[key] = (await w.intake({ residentId: residents[key]!, itemCode, values: VALUES[itemCode], ...extra })).case.id;
  };
  w.setDay('2026-02-02');
  await accept('R1', LNJT);
  w.setDay('2026-02-03');
  await accept('R2', SHBT);
  await w.transition('wang', ids.R1!, 'advance');
  w.setDay('2026-02-04');
  await w.transition('chen', ids.R1!, 'approve');
  await w.transition('wang', ids.R2!, 'advance');
  w.setDay('2026-02-05');
  await w.transition('chen', ids.R2!, 'approve', { startMonth: '2026-02' });
  await accept('R3', LNJT, { decision: 'refuse', refusal: { reason: '未满 65 周岁' }, materials: [] });
  w.setDay('2026-02-25');
  await accept('R8', LNJT);
  w.setDay('2026-02-26');
  await accept('R9', LNJT);
  w.setDay('2026-03-02');
  await accept('R4', LNJT);
  w.setDay('2026-03-03');
  await w.transition('wang', ids.R4!, 'advance');
  await accept('R5', LNJT, { decision: 'notify_missing', materials: w.fullMaterials(LNJT, ['bankCard']) });
  w.setDay('2026-03-04');
  await w.transition('chen', ids.R4!, 'approve');
  await accept('R7', SYDJ);
  w.setDay('2026-03-05');
  await w.transition('chen', ids.R7!, 'reject', { opinion: '不符合登记条件' });
  w.setDay('2026-03-20');
  await w.transition('wang', ids.R9!, 'advance');
  await w.transition('chen', ids.R9!, 'approve');

  w.setDay('2026-04-02', '10:00:00');
  await w.as('admin', 'settings.update', { exportDir: dir });
  const run = (input: HandlerInput<'exports.run'>) => w.as('admin', 'exports.run', input);
  return { w, dir, ids, residents, run };
}

const header = (cols: readonly { name: string }[]) => cols.map((c) => c.name);

/** Checks that the CSV and the XLSX of a folder hold the same cells, and returns the XLSX rows. */
async function readBoth(folder: string, encoding: 'utf-8' | 'gb18030', types: readonly { type: string }[]) {
  const m = manifestOf(folder);
  const xlsxFile = m.files.find((f: any) => f.format === 'xlsx');
  const csvFile = m.files.find((f: any) => f.format === 'csv');
  const xlsx = await readXlsx(join(folder, xlsxFile.name));
  const csv = readCsv(join(folder, csvFile.name), encoding);
  expect(csv.bom).toBe(encoding === 'utf-8');
  expect(csv.rows).toEqual(xlsx.map((row) => row.map((v, i) => asCsvText(v, types[i]!.type))));
  expect(xlsx.length).toBe(1 + xlsxFile.rows + xlsxFile.totalsRows);
  return { m, xlsx, csv };
}

// Each test first builds two months of cases through the handlers: on a loaded 2-core
// machine that alone took 28 s, near the default 30 s.
describe('district exports', { timeout: 120_000 }, () => {
  it('月报: per item, per family and in total, with the previous month and the month-on-month change', async () => {
    const { w, dir, run } = await knownWorld();
    const result = await run({ kind: 'monthly', period: '2026-03' });
    expect(result).toMatchObject({ status: 'ok', kind: 'monthly', period: '2026-03', runNo: 1, folderName: '310101001_monthly_2026-03' });
    const { m, xlsx } = await readBoth(join(dir, '310101001_monthly_2026-03'), 'utf-8', MONTHLY_COLUMNS);
    expect(m).toMatchObject({ layoutVersion: 3, centreCode: '310101001', kind: 'monthly', period: '2026-03', programVersion: expect.any(String) });
    expect(xlsx[0]).toEqual(header(MONTHLY_COLUMNS));

    const byCode = (code: string) => {
      const row = xlsx.find((r) => r[3] === code)!;
      return Object.fromEntries(MONTHLY_COLUMNS.map((c, i) => [c.name, row[i]]));
    };
    expect(byCode(LNJT)).toMatchObject({
      统计月份: '2026-03',
      统计层级: '事项',
      事项类别: '养老服务',
      事项名称: '老年综合津贴',
      收件数: 2,
      '收件数（上月）': 4,
      '收件数环比（%）': -50,
      受理数: 1,
      '受理数（上月）': 3,
      '受理数环比（%）': -66.67,
      一次性告知数: 1,
      '一次性告知数（上月）': 0,
      '一次性告知数环比（%）': null,
      不予受理数: 0,
      '不予受理数（上月）': 1,
      '不予受理数环比（%）': -100,
      办结准予数: 2,
      '办结准予数（上月）': 1,
      '办结准予数环比（%）': 100,
      办结不予批准数: 0,
      // R8 still open past its due date, R9 approved after it
      逾期数: 2,
      '逾期数（上月）': 0,
      '按时办结率（%）': 50,
      '按时办结率（上月，%）': 100,
      '按时办结率环比（百分点）': -50,
      在保人数: 1,
      '在保人数（上月）': 0,
      '发放金额（元）': 150,
      '发放金额（上月，元）': 0,
      '发放金额环比（%）': null,
    });
    expect(byCode(SHBT)).toMatchObject({ 收件数: 0, '收件数（上月）': 1, 在保人数: 1, '在保人数（上月）': 1, '发放金额（元）': 200, '发放金额环比（%）': 0 });
    expect(byCode(SYDJ)).toMatchObject({ 收件数: 1, 受理数: 1, 办结不予批准数: 1, '按时办结率（%）': 100, '按时办结率（上月，%）': null, '按时办结率环比（百分点）': null });

    const subtotal = xlsx.find((r) => r[1] === '类别小计' && r[2] === '养老服务')!;
    expect(subtotal.slice(5, 8)).toEqual([2, 4, -50]);
    const total = xlsx[xlsx.length - 1]!;
    expect(total.slice(0, 8)).toEqual(['2026-03', '合计', null, null, null, 3, 5, -40]);
    // every catalogue item has its row, then one subtotal per family and the total
    const items = (w.core.db.prepare('SELECT count(*) AS n FROM catalogue_items').get() as { n: number }).n;
    expect(m.files[0].rows).toBe(items + 3 + 1);
  });

  it('办件明细: every case created or changed on the day, full ID number, compared with the database row by row', async () => {
    const { w, dir, run } = await knownWorld();
    await run({ kind: 'ledger', period: '2026-03-04' });
    const folder = join(dir, '310101001_ledger_2026-03-04');
    const { xlsx, csv } = await readBoth(folder, 'utf-8', LEDGER_COLUMNS);
    expect(csv.rows[0]).toEqual(header(LEDGER_COLUMNS));

    const ids = (w.core.db.prepare("SELECT DISTINCT case_id FROM case_events WHERE on_date = '2026-03-04' ORDER BY case_id").all() as { case_id: number }[]).map((r) => r.case_id);
    expect(ids.length).toBe(2);
    const expected = ids.map((id) => {
      const c = w.core.db
        .prepare('SELECT c.*, r.name AS rname, r.id_number, u.display_name AS clerk FROM cases c JOIN residents r ON r.id = c.resident_id JOIN users u ON u.id = c.clerk_id WHERE c.id = ?')
        .get(id) as any;
      const stages = new Map(getItemVersion(w.core.db, c.item_code, c.item_version).stages.map((s) => [s.key, s.name]));
      const entered = (w.core.db.prepare('SELECT to_stage, from_stage, on_date FROM case_events WHERE case_id = ? ORDER BY id').all(id) as any[])
        .filter((e) => e.to_stage && e.to_stage !== e.from_stage)
        .map((e) => `${stages.get(e.to_stage)} ${e.on_date}`)
        .join('；');
      const done = c.status === 'approved' || c.status === 'not_approved';
      const updated = new Date(Date.parse(c.updated_at) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
      return [
        c.case_no,
        c.item_code,
        c.item_name,
        FAMILY_LABELS[c.family as keyof typeof FAMILY_LABELS],
        c.rname,
        c.id_number,
        DECISION_LABELS[c.decision as keyof typeof DECISION_LABELS],
        STATUS_LABELS[c.status as keyof typeof STATUS_LABELS],
        c.stage ? stages.get(c.stage) : null,
        c.received_on,
        c.accepted_on,
        entered || null,
        c.due_on,
        c.completed_on,
        done ? '已办结' : '正常',
        done ? (c.completed_on <= c.due_on ? '是' : '否') : null,
        c.clerk,
        c.window_no,
        updated,
      ];
    });
    expect(xlsx.slice(1)).toEqual(expected);
    // R4 approved that day (its intake was 03-02); R7 taken in that day, with its state as of
    // the run (not approved on 03-05)
    expect(xlsx.slice(1).map((r) => r[7])).toEqual(['办结（准予）', '办结（不予批准）']);
    expect(xlsx[1]![5]).toMatch(/^\d{17}[\dX]$/);
  });

  it('发放名册: every benefit paid in the month with bank details, a totals line, and 𠮷 intact in XLSX, UTF-8 and GB 18030 CSV', async () => {
    const { w, dir, run } = await knownWorld();
    const first = await run({ kind: 'roster', period: '2026-03' });
    const second = await run({ kind: 'roster', period: '2026-03', encoding: 'gb18030' });
    expect([first.folderName, second.folderName]).toEqual(['310101001_roster_2026-03', '310101001_roster_2026-03_run2']);
    expect(completeFolders(dir)).toEqual(['310101001_roster_2026-03', '310101001_roster_2026-03_run2']);

    const utf8 = await readBoth(join(dir, first.folderName!), 'utf-8', ROSTER_COLUMNS);
    const gb = await readBoth(join(dir, second.folderName!), 'gb18030', ROSTER_COLUMNS);
    expect(gb.csv.rows).toEqual(utf8.csv.rows);
    expect(gb.m.files.find((f: any) => f.format === 'csv').encoding).toBe('gb18030');
    // 𠮷 is a 4-byte sequence in GB 18030 (GBK has none): present as such, never a '?'
    const gbBytes = readFileSync(join(dir, second.folderName!, gb.m.files[1].name));
    const jiBytes = iconv.encode('𠮷', 'gb18030');
    expect(jiBytes.length).toBe(4);
    expect(gbBytes.includes(jiBytes)).toBe(true);
    expect(gbBytes.includes(Buffer.from('?'))).toBe(false);

    const benefits = w.core.db.prepare('SELECT * FROM beneficiaries ORDER BY item_code, id').all() as BeneficiaryRow[];
    const expected = benefits
      .map((b) => ({ b, fen: amountInMonth(b, changesOf(w.core.db, b.id), '2026-03') }))
      .filter((x) => x.fen !== null)
      .map(({ b, fen }, i) => {
        const r = w.core.db.prepare('SELECT * FROM residents WHERE id = ?').get(b.resident_id) as any;
        const c = w.core.db.prepare('SELECT case_no, item_name FROM cases WHERE id = ?').get(b.case_id) as any;
        // 本月变动说明: the reason of the start or change taking effect this month, if any.
        const changed = changesOf(w.core.db, b.id).filter((ch) => ch.kind !== 'stop' && ch.effective_month === '2026-03');
        return [i + 1, '2026-03', r.name, r.id_number, r.bank_name, r.bank_account, fen! / 100, b.item_code, c.item_name, c.case_no, changed.at(-1)?.reason ?? null];
      });
    expect(expected.map((r) => r[2])).toEqual(['李四', '张𠮷']);
    expect(utf8.xlsx.slice(1, -1)).toEqual(expected);
    expect(utf8.xlsx[utf8.xlsx.length - 1]).toEqual(['合计', '2026-03', '共2人', null, null, null, 350, null, null, null, null]);
    expect(utf8.csv.rows[utf8.csv.rows.length - 1]![6]).toBe('350.00');
    expect(utf8.csv.rows[2]![6]).toBe('150.00');
    expect(utf8.m.summary).toEqual({ totals: { people: 2, rows: 2, amount: '350.00' } });

    // Logged and audited with who, what period and the checksums.
    const history = await w.as('admin', 'exports.history', { kind: 'roster' });
    expect(history.map((h) => [h.status, h.runNo, h.encoding, h.by, h.rows])).toEqual([
      ['ok', 2, 'gb18030', '王管理', 2],
      ['ok', 1, 'utf8', '王管理', 2],
    ]);
    const audit = w.core.db.prepare("SELECT actor_name, detail FROM audit_log WHERE action = 'export' ORDER BY id").all() as any[];
    expect(audit).toHaveLength(2);
    expect(audit[0].actor_name).toBe('王管理');
    expect(JSON.parse(audit[0].detail)).toMatchObject({ kind: 'roster', period: '2026-03', files: [{ sha256: first.files[0]!.sha256 }, { sha256: first.files[1]!.sha256 }] });
    await w.expectVerified();
  });

  it('verify: the manifest checksums and row counts hold, and one changed byte fails', async () => {
    const { w, dir, run } = await knownWorld();
    const res = await run({ kind: 'ledger', period: '2026-03-20', encoding: 'gb18030' });
    const good = await w.as('admin', 'exports.verify', { folder: res.folderName! });
    expect(good).toMatchObject({ ok: true, kind: 'ledger', period: '2026-03-20', problems: [] });
    expect(good.files.map((f) => [f.ok, f.actualRows])).toEqual([
      [true, 1],
      [true, 1],
    ]);
    const csvPath = join(dir, res.folderName!, res.files[1]!.name);
    const bytes = readFileSync(csvPath);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x01;
    writeFileSync(csvPath, bytes);
    const bad = await w.as('admin', 'exports.verify', { folder: join(dir, res.folderName!) });
    expect(bad.ok).toBe(false);
    expect(bad.files[1]!.problems).toContain('SHA-256 校验值不符（文件被修改或损坏）');
    expect(bad.files[0]!.ok).toBe(true);
    expect((await w.asErr('admin', 'exports.verify', { folder: 'no-such-folder' })).code).toBe('NOT_FOUND');
    expect((await w.asErr('admin', 'exports.verify', { folder: '../etc' })).code).toBe('VALIDATION');
  });

  it('refuses with a clear error: no folder set, a missing or unwritable folder, a period not ended, GBK; nothing complete-looking is left', async () => {
    const { w, dir } = await knownWorld();
    const missing = join(dir, '不存在');
    await w.as('admin', 'settings.update', { exportDir: '' });
    expect(await w.asErr('admin', 'exports.run', { kind: 'ledger', period: '2026-03-04' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('尚未设置导出文件夹') });
    await w.as('admin', 'settings.update', { exportDir: missing });
    expect(await w.asErr('admin', 'exports.run', { kind: 'ledger', period: '2026-03-04' })).toMatchObject({ code: 'CONFLICT', message: `导出文件夹不存在：${missing}` });
    // Read-only even for root: the kernel refuses to create anything in /sys.
    await w.as('admin', 'settings.update', { exportDir: '/sys' });
    const unwritable = await w.asErr('admin', 'exports.run', { kind: 'ledger', period: '2026-03-04' });
    expect(unwritable).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('导出文件夹不可写入：/sys') });
    await w.as('admin', 'settings.update', { exportDir: dir });
    expect((await w.asErr('admin', 'exports.run', { kind: 'ledger', period: '2026-04-02' })).fields?.[0]?.path).toBe('period');
    expect((await w.asErr('admin', 'exports.run', { kind: 'monthly', period: '2026-04' })).fields?.[0]?.path).toBe('period');
    expect((await w.asErr('admin', 'exports.run', { kind: 'monthly', period: '2026-03-01' })).code).toBe('VALIDATION');
    expect((await w.asErrRaw('admin', 'exports.run', { kind: 'ledger', period: '2026-03-04', encoding: 'gbk' })).code).toBe('VALIDATION');
    expect((await w.asErr('admin', 'settings.update', { exportDir: 'relative/path' })).code).toBe('VALIDATION');
    expect(readdirSync(dir)).toEqual([]);
    // The unwritable folder's attempt is in the log as failed, and audited.
    const history = await w.as('admin', 'exports.history', {});
    expect(history.map((h) => h.status)).toEqual(['failed']);
    expect(history[0]!.error).toContain('/sys');
    expect(w.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'export_failed'").get()).toEqual({ n: 1 });
  });

  it('never runs two exports of one kind at once (CONFLICT); another kind may run beside it', async () => {
    const { w, dir } = await knownWorld();
    const token = w.tokens.admin!;
    const [a, b, c] = await Promise.all([
      w.core.dispatch('exports.run', { kind: 'ledger', period: '2026-03-04' }, token),
      w.core.dispatch('exports.run', { kind: 'ledger', period: '2026-03-05' }, token),
      w.core.dispatch('exports.run', { kind: 'roster', period: '2026-03' }, token),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'export_running' } } });
    expect(c.ok).toBe(true);
    expect(completeFolders(dir)).toEqual(['310101001_ledger_2026-03-04', '310101001_roster_2026-03']);
  });

  it('exports.due: the periods missed since the last successful run, as of the daily time', async () => {
    const { w, run } = await knownWorld();
    await w.as('admin', 'settings.update', { exportTime: '07:00' });
    await run({ kind: 'ledger', period: '2026-03-29' });
    await run({ kind: 'monthly', period: '2026-02' });
    // 10:00 on 04-02, after the 07:00 run time: yesterday's ledger and March are due
    const due = await w.as('admin', 'exports.due', {});
    expect(due.scheduleTime).toBe('07:00');
    expect(due.kinds.map((k) => [k.kind, k.periods])).toEqual([
      ['ledger', ['2026-03-30', '2026-03-31', '2026-04-01']],
      ['monthly', ['2026-03']],
      ['roster', ['2026-03']],
      // never made before: only the latest day's 移交包 is owed
      ['handoff', ['2026-04-01']],
    ]);
    // before 07:00 the day's exports are not due yet
    w.setDay('2026-04-02', '06:59:00');
    expect((await w.as('admin', 'exports.due', {})).kinds[0]!.periods).toEqual(['2026-03-30', '2026-03-31']);
  });

  it('exports.due keeps every missed period due until its own run succeeds, back to the first exported period', async () => {
    const { w, run } = await knownWorld();
    await w.as('admin', 'settings.update', { exportTime: '07:00' });
    await run({ kind: 'ledger', period: '2026-03-25' });
    // After downtime the clerk exports only the latest day by hand: the days between stay due.
    await run({ kind: 'ledger', period: '2026-04-01' });
    const ledger = async () => (await w.as('admin', 'exports.due', {})).kinds[0]!;
    expect((await ledger()).periods).toEqual(['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect((await ledger()).lastExported).toBe('2026-04-01');
    // Filling one gap in the middle leaves the others due.
    await run({ kind: 'ledger', period: '2026-03-28' });
    expect((await ledger()).periods).toEqual(['2026-03-26', '2026-03-27', '2026-03-29', '2026-03-30', '2026-03-31']);
    // The export start date reaches back before the first export.
    await w.as('admin', 'settings.update', { exportStartDate: '2026-03-23' });
    expect((await ledger()).periods.slice(0, 3)).toEqual(['2026-03-23', '2026-03-24', '2026-03-26']);
    const monthly = (await w.as('admin', 'exports.due', {})).kinds[1]!;
    expect(monthly.periods).toEqual(['2026-03']);
    expect((await w.asErr('admin', 'settings.update', { exportStartDate: '2026-02-30' })).fields?.[0]?.path).toBe('exportStartDate');
  });

  it('records the real finish time of a run, in the log and in the manifest', async () => {
    const { w, dir } = await knownWorld();
    const started = w.clock.now().toISOString();
    const pending = w.as('admin', 'exports.run', { kind: 'ledger', period: '2026-03-04' });
    // The run has started (its row carries the start time); the files take three minutes.
    w.clock.advanceMinutes(3);
    const result = await pending;
    const row = w.core.db.prepare('SELECT started_at, finished_at FROM export_runs WHERE id = ?').get(result.id) as { started_at: string; finished_at: string };
    expect(row.started_at).toBe(started);
    expect(row.finished_at).toBe(new Date(new Date(started).getTime() + 3 * 60_000).toISOString());
    expect(manifestOf(join(dir, result.folderName!)).generatedAt).toBe(row.finished_at);
  });

  it('CSV files carry formula-like text as text (leading apostrophe) in both encodings; numbers and the XLSX stay as they are', async () => {
    const { w, dir, run, residents } = await knownWorld();
    const HYPERLINK = '=HYPERLINK("http://x.invalid","点击")';
    await w.as('li', 'residents.update', { id: residents.R1!, name: HYPERLINK, bankName: "+cmd|' /C calc'!A0" });
    await w.as('li', 'residents.update', { id: residents.R2!, name: '-2+3', bankName: '@SUM(1+1)' });
    const utf8 = await run({ kind: 'roster', period: '2026-03' });
    const gb = await run({ kind: 'roster', period: '2026-03', encoding: 'gb18030' });
    for (const [res, encoding] of [[utf8, 'utf-8'], [gb, 'gb18030']] as const) {
      const folder = join(dir, res.folderName!);
      const csvName = manifestOf(folder).files.find((f: any) => f.format === 'csv').name;
      const { text, rows } = readCsv(join(folder, csvName), encoding);
      // The raw text: every dangerous value starts with an apostrophe, quoted where needed.
      expect(text).toContain(`"'=HYPERLINK(""http://x.invalid"",""点击"")"`);
      expect(text).toContain(`'+cmd|' /C calc'!A0`);
      expect(text).toContain(`,'-2+3,`);
      expect(text).toContain(`,'@SUM(1+1),`);
      expect(rows.slice(1).flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
      // Amounts are numbers, untouched.
      expect(rows.at(-1)![6]).toBe('350.00');
      // The XLSX holds the same names as plain text cells, not formulas.
      const xlsxName = manifestOf(folder).files.find((f: any) => f.format === 'xlsx').name;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(folder, xlsxName));
      const names = [2, 3].map((r) => wb.worksheets[0]!.getRow(r).getCell(3));
      expect(names.map((c) => c.value)).toEqual(['-2+3', HYPERLINK]);
      expect(names.map((c) => c.type)).toEqual([ExcelJS.ValueType.String, ExcelJS.ValueType.String]);
    }
    // The ledger's text columns too; the monthly statistics' negative 环比 stays a number.
    const ledger = await run({ kind: 'ledger', period: '2026-02-02' });
    const ledgerFolder = join(dir, ledger.folderName!);
    const ledgerCsv = readCsv(join(ledgerFolder, manifestOf(ledgerFolder).files.find((f: any) => f.format === 'csv').name), 'utf-8');
    expect(ledgerCsv.text).toContain(`"'=HYPERLINK(""http://x.invalid"",""点击"")"`);
    const monthly = await run({ kind: 'monthly', period: '2026-03' });
    const monthlyFolder = join(dir, monthly.folderName!);
    const monthlyCsv = readCsv(join(monthlyFolder, manifestOf(monthlyFolder).files.find((f: any) => f.format === 'csv').name), 'utf-8');
    expect(monthlyCsv.text).toContain(',-50.00,');
    expect(monthlyCsv.text).not.toContain(",'-");
  });

  it('re-running never overwrites: a folder that already exists on disk is skipped, never overwritten', async () => {
    const { dir, run } = await knownWorld();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '310101001_ledger_2026-03-04'));
    writeFileSync(join(dir, '310101001_ledger_2026-03-04', 'kept.txt'), 'from someone else');
    const res = await run({ kind: 'ledger', period: '2026-03-04' });
    expect(res.folderName).toBe('310101001_ledger_2026-03-04_run2');
    expect(existsSync(join(dir, '310101001_ledger_2026-03-04', 'kept.txt'))).toBe(true);
  });
});
