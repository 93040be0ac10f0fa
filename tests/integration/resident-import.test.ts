import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/src/kernel/audit-chain';
import { err, ok, testCore, tempDir } from '../support/temp';
import { makeId, TEST_NOW } from '../support/ids';
import { bulkRows, csvText, IMPORT_HEADER, SAMPLE_EXPECTED, SAMPLE_IDS, SAMPLE_ROWS, writeImportFile, type SampleFormat } from '../support/resident-import-file';

const core = () => testCore({ now: TEST_NOW });
type Core = ReturnType<typeof core>;

const count = (c: Core, sql: string, ...args: unknown[]) => (c.db.prepare(sql).get(...args) as { n: number }).n;
const residentByIdNumber = (c: Core, idNumber: string) =>
  c.db.prepare('SELECT * FROM residents WHERE id_number = ?').get(idNumber) as Record<string, unknown> | undefined;

/** Current members of the household `headIdNumber` heads: name → relation. */
function household(c: Core, headIdNumber: string): Record<string, string> {
  const rows = c.db
    .prepare(
      `SELECT r.name, m.relation FROM household_members m JOIN residents r ON r.id = m.resident_id
       WHERE m.left_on IS NULL AND m.household_id = (
         SELECT m2.household_id FROM household_members m2 JOIN residents r2 ON r2.id = m2.resident_id
         WHERE r2.id_number = ? AND m2.left_on IS NULL AND m2.is_head = 1)`,
    )
    .all(headIdNumber) as { name: string; relation: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.relation]));
}

function refusedShape(refused: { line: number; field: string }[]) {
  const byLine = new Map<number, string>();
  for (const r of refused) if (!byLine.has(r.line)) byLine.set(r.line, r.field);
  return [...byLine].map(([line, field]) => ({ line, field }));
}

async function expectSampleImported(c: Core, format: SampleFormat, encoding: string) {
  const dir = tempDir('onewindow-import-');
  const file = await writeImportFile(dir, format);
  const out = await ok(c, 'residents.import', { file });
  expect(out.encoding).toBe(encoding);
  expect(out.cancelled).toBe(false);
  expect(out.rows).toBe(SAMPLE_EXPECTED.rows);
  expect(out.created).toBe(SAMPLE_EXPECTED.valid);
  expect(out.applied).toBe(SAMPLE_EXPECTED.valid);
  expect(out.unchanged).toBe(0);
  expect(refusedShape(out.refused)).toEqual(SAMPLE_EXPECTED.refused);
  for (const r of out.refused) expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
  expect(out.refused.find((r) => r.line === 16)!.reason).toContain('与第 10 行的身份证号重复');
  expect(out.refused.find((r) => r.line === 12)!.reason).toContain('校验位');
  expect(out.refused.find((r) => r.line === 18)!.reason).toContain('户主不在文件中');
  expect(out.refused.find((r) => r.line === 13)!.column).toBe('联系电话');
  expect(out.households).toEqual({ created: 2, completed: 0, unchanged: 0 });

  // Residents as stored: rare characters exactly, derived fields, 户籍, bank split.
  expect(count(c, 'SELECT count(*) AS n FROM residents')).toBe(SAMPLE_EXPECTED.valid);
  expect(residentByIdNumber(c, SAMPLE_IDS.jiZhenhua)).toMatchObject({ name: '𠮷振华', hukou: 'local', hukou_district: '黄浦区', sex: 'male', birth_date: '1960-01-01' });
  expect(residentByIdNumber(c, SAMPLE_IDS.yanLi)).toMatchObject({ name: '䶮丽', sex: 'female' });
  expect(residentByIdNumber(c, SAMPLE_IDS.qianDuoduo)).toMatchObject({ hukou: 'other', bank_name: '中国建设银行', bank_account: '6217000000000011' });
  expect(residentByIdNumber(c, SAMPLE_IDS.zhaoMin)).toMatchObject({ name: '赵敏', phone: '13812345678' });
  expect(residentByIdNumber(c, SAMPLE_IDS.zhouPhone)).toBeUndefined();

  // The three generations, with their relations to the head.
  expect(household(c, SAMPLE_IDS.zhangGuoqiang)).toEqual({ 张国强: '本人', 李秀英: '配偶', 张伟: '子女', 王芳: '儿媳', 张小明: '孙子女' });
  expect(household(c, SAMPLE_IDS.jiZhenhua)).toEqual({ 𠮷振华: '本人', 䶮丽: '配偶', 𠮷小龙: '子女' });
  return { file, out };
}

describe('residents.import: the sample file', { timeout: 180_000 }, () => {
  it('imports the UTF-8 sample: refused rows with line, field and reason, residents and households, search keys, audit; the second import changes nothing', async () => {
    const c = core();
    const { file, out } = await expectSampleImported(c, 'utf-8', 'utf-8');

    // Search keys as registration builds them: pinyin, initials, the last 4 of the ID number.
    const byPinyin = await ok(c, 'residents.search', { query: 'zhangguoqiang' });
    expect(byPinyin.items.map((i) => i.name)).toEqual(['张国强']);
    expect((await ok(c, 'residents.search', { query: 'zgq' })).items.map((i) => i.name)).toContain('张国强');
    expect((await ok(c, 'residents.search', { query: SAMPLE_IDS.zhaoMin.slice(-4) })).items.map((i) => i.name)).toContain('赵敏');
    expect((await ok(c, 'residents.search', { query: '振华' })).items.map((i) => i.name)).toContain('𠮷振华');

    // One audited operation naming the file's SHA-256, a row per resident and household.
    const sha = (await import('node:crypto')).createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(out.sha256).toBe(sha);
    const op = c.db.prepare("SELECT * FROM audit_log WHERE handler = 'residents.import' AND action = 'import'").all() as { detail: string; actor_name: string }[];
    expect(op).toHaveLength(1);
    expect(JSON.parse(op[0]!.detail)).toMatchObject({ sha256: sha, created: 10, encoding: 'utf-8' });
    expect(op[0]!.actor_name).toBeTruthy();
    expect(count(c, "SELECT count(*) AS n FROM audit_log WHERE action = 'import_create'")).toBe(10);
    expect(count(c, "SELECT count(*) AS n FROM audit_log WHERE action = 'import_household'")).toBe(2);
    const created = c.db.prepare("SELECT after FROM audit_log WHERE action = 'import_create'").all() as { after: string }[];
    for (const row of created) expect(row.after).not.toContain(SAMPLE_IDS.zhaoMin);
    expect(verifyChain(c.db).ok).toBe(true);

    // The same file again: nothing changes.
    const before = count(c, 'SELECT count(*) AS n FROM audit_log');
    const members = count(c, 'SELECT count(*) AS n FROM household_members');
    const again = await ok(c, 'residents.import', { file });
    expect(again).toMatchObject({ applied: 0, created: 0, unchanged: 10, households: { created: 0, completed: 0, unchanged: 2 } });
    expect(again.updated).toEqual([]);
    expect(refusedShape(again.refused)).toEqual(SAMPLE_EXPECTED.refused);
    expect(count(c, 'SELECT count(*) AS n FROM residents')).toBe(10);
    expect(count(c, 'SELECT count(*) AS n FROM household_members')).toBe(members);
    // only the second import's own row
    expect(count(c, 'SELECT count(*) AS n FROM audit_log')).toBe(before + 1);
  });

  it('imports the same sample as GB 18030 and says so', async () => {
    await expectSampleImported(core(), 'gb18030', 'gb18030');
  });

  it('imports the same sample as UTF-8 with BOM', async () => {
    await expectSampleImported(core(), 'utf-8-bom', 'utf-8-bom');
  });

  it('imports the same sample as XLSX', async () => {
    await expectSampleImported(core(), 'xlsx', 'xlsx');
  });

  it('tests/fixtures/residents-import-sample.csv is the helper’s sample', () => {
    const committed = readFileSync(join(import.meta.dirname, '../fixtures/residents-import-sample.csv'), 'utf8');
    expect(committed).toBe(csvText(SAMPLE_ROWS));
  });
});

describe('residents.import: dry run, updates, report, mapping', { timeout: 180_000 }, () => {
  it('a dry run reports exactly what the import does and writes nothing', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    const file = await writeImportFile(dir, 'utf-8');
    await ok(c, 'residents.importProgress', {}); // signs the administrator in first
    const auditBefore = count(c, 'SELECT count(*) AS n FROM audit_log');
    const dry = await ok(c, 'residents.import', { file, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 10, applied: 10, households: { created: 2 } });
    expect(count(c, 'SELECT count(*) AS n FROM residents')).toBe(0);
    expect(count(c, 'SELECT count(*) AS n FROM households')).toBe(0);
    // one row saying a dry run was made, nothing else
    expect(count(c, 'SELECT count(*) AS n FROM audit_log')).toBe(auditBefore + 1);
    const real = await ok(c, 'residents.import', { file });
    expect({ ...real, importId: '', dryRun: true, durationMs: 0, reportId: '', reportFile: '' }).toEqual({ ...dry, importId: '', durationMs: 0, reportId: '', reportFile: '' });
  });

  it('an existing resident is updated only where the file differs, never blanked by an empty cell', async () => {
    const c = core();
    const idNumber = makeId(31, '19500101');
    const r = await ok(c, 'residents.register', { idNumber, name: '老居民', phone: '13800000031', address: '旧地址 1 号' });
    const dir = tempDir('onewindow-import-');
    const file = await writeImportFile(dir, 'utf-8', [['老居民', idNumber, '', '', '', '', '新地址 2 号', '', '', '', '']]);
    const out = await ok(c, 'residents.import', { file });
    expect(out).toMatchObject({ applied: 1, created: 0, unchanged: 0, updated: [{ line: 2, residentId: r.id, name: '老居民', fields: ['address'] }] });
    expect(residentByIdNumber(c, idNumber)).toMatchObject({ phone: '13800000031', address: '新地址 2 号' });
    const audit = c.db.prepare("SELECT before, after, detail FROM audit_log WHERE action = 'import_update'").get() as { before: string; after: string; detail: string };
    expect(JSON.parse(audit.before).address).toBe('旧地址 1 号');
    expect(JSON.parse(audit.after).address).toBe('新地址 2 号');
    expect(JSON.parse(audit.detail).fields).toEqual(['address']);
  });

  it('a second file completes a household whose head is on record', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    await ok(c, 'residents.import', { file: await writeImportFile(dir, 'utf-8') });
    const newcomer = makeId(41, '20220202');
    const file = await writeImportFile(dir, 'utf-8', [['张小小', newcomer, '', '', '', '', '', '', SAMPLE_IDS.zhangGuoqiang, '孙子女', '']], IMPORT_HEADER, 'second');
    const out = await ok(c, 'residents.import', { file });
    expect(out).toMatchObject({ created: 1, refused: [], households: { created: 0, completed: 1, unchanged: 0 } });
    expect(household(c, SAMPLE_IDS.zhangGuoqiang)['张小小']).toBe('孙子女');
  });

  it('a member naming the head only by ID number joins the head’s 户号, even listed before the head', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    const head = makeId(91, '19500101');
    const file = await writeImportFile(dir, 'utf-8', [
      ['钱小妹', makeId(92, '19800101'), '', '', '', '', '', '', head, '子女', ''],
      ['钱大伯', head, '', '', '', '', '示范路 9 号', 'Q9', '', '本人', ''],
      ['孙大妈', makeId(94, '19520101'), '', '', '', '', '', 'Q9', '', '配偶', ''],
    ]);
    const out = await ok(c, 'residents.import', { file });
    expect(out).toMatchObject({ created: 3, refused: [], households: { created: 1, completed: 0, unchanged: 0 } });
    expect(household(c, head)).toEqual({ 钱大伯: '本人', 钱小妹: '子女', 孙大妈: '配偶' });
  });

  it('the refused rows come back as XLSX with the file’s own cells and a 问题 column', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    const out = await ok(c, 'residents.import', { file: await writeImportFile(dir, 'gb18030') });
    expect(out.reportId).toBeTruthy();
    const report = await ok(c, 'residents.importReport', { reportId: out.reportId! });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(report.contentBase64, 'base64') as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]).toEqual(['行号', ...IMPORT_HEADER, '问题']);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(SAMPLE_EXPECTED.refused.map((r) => r.line));
    const phoneRow = rows.find((r) => r[1] === '周电话')!;
    expect(phoneRow[2]).toBe(SAMPLE_IDS.zhouPhone);
    expect(phoneRow.at(-1)).toMatch(/^联系电话：/);
    expect(rows.find((r) => r[1] === '赵敏重')!.at(-1)).toContain('重复');
    expect((await err(c, 'residents.importReport', { reportId: '20260101000000-abcdef' })).code).toBe('NOT_FOUND');
    // Personal data: the report and its folder are the owner's only, like the exports.
    if (process.platform !== 'win32') {
      expect(statSync(report.file).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(report.file)).mode & 0o777).toBe(0o700);
    }
    // A report names residents: one older than a month is removed when the next import starts.
    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(report.file, monthAgo, monthAgo);
    const next = await ok(c, 'residents.import', { file: await writeImportFile(dir, 'utf-8'), dryRun: true });
    expect(existsSync(report.file)).toBe(false);
    expect((await err(c, 'residents.importReport', { reportId: out.reportId! })).code).toBe('NOT_FOUND');
    expect(existsSync((await ok(c, 'residents.importReport', { reportId: next.reportId! })).file)).toBe(true);
  });

  it('headers that are not field names need a mapping, which the next file remembers', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    const header = ['XM', 'SFZH', 'DH'];
    const file = await writeImportFile(dir, 'utf-8', [['孙悟空', makeId(51, '19700101'), '13800000051']], header, 'mapped');
    const e = await err(c, 'residents.import', { file });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('姓名');
    const preview = await ok(c, 'residents.importPreview', { file, mapping: { XM: 'name', SFZH: 'idNumber', DH: 'phone' } });
    expect(preview).toMatchObject({ encoding: 'utf-8', format: 'csv', headers: header, missingRequired: [] });
    expect(preview.rows[0]).toMatchObject({ line: 2, values: { name: '孙悟空', sex: 'male', birthDate: '1970-01-01', phone: '13800000051' }, problems: [] });
    await ok(c, 'residents.import', { file, mapping: { XM: 'name', SFZH: 'idNumber', DH: 'phone' } });
    // The next file with the same headers needs no mapping.
    const next = await writeImportFile(dir, 'utf-8', [['猪八戒', makeId(53, '19700101'), '']], header, 'mapped-2');
    expect((await ok(c, 'residents.importPreview', { file: next })).mapping).toEqual({ XM: 'name', SFZH: 'idNumber', DH: 'phone' });
    expect((await ok(c, 'residents.import', { file: next })).created).toBe(1);
  });

  it('an ID number Excel stored as a number (its last digits lost) is refused with the reason', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    const path = join(dir, 'numbers.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow(['姓名', '身份证号']);
    ws.addRow(['数字号', 310101198001010000]);
    ws.addRow(['文本号', makeId(81, '19800101')]);
    await wb.xlsx.writeFile(path);
    const out = await ok(c, 'residents.import', { file: path });
    expect(out).toMatchObject({ encoding: 'xlsx', created: 1 });
    expect(out.refused).toEqual([{ line: 2, field: 'idNumber', column: '身份证号', reason: expect.stringContaining('科学计数法') }]);
  });

  it('refuses a file that is missing, not a full path, or empty, with Chinese messages', async () => {
    const c = core();
    const dir = tempDir('onewindow-import-');
    expect((await err(c, 'residents.import', { file: join(dir, 'none.csv') })).code).toBe('NOT_FOUND');
    expect((await err(c, 'residents.import', { file: 'relative.csv' })).message).toContain('完整路径');
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await err(c, 'residents.import', { file: empty })).message).toContain('空');
    expect(await ok(c, 'residents.importProgress', {})).toEqual({ running: false });
    expect(await ok(c, 'residents.importCancel', {})).toEqual({ cancelled: false });
  });
});

describe('residents.import: progress and cancel', { timeout: 300_000 }, () => {
  it('reports progress while it runs; cancel half-way leaves the database as it was', async () => {
    const c = core();
    await ok(c, 'residents.register', { idNumber: makeId(61, '19500101'), name: '原有居民' });
    const dir = tempDir('onewindow-import-');
    const file = await writeImportFile(dir, 'utf-8', bulkRows(30_000), IMPORT_HEADER, 'bulk');
    const residents = count(c, 'SELECT count(*) AS n FROM residents');
    const audit = count(c, 'SELECT count(*) AS n FROM audit_log');

    const pending = ok(c, 'residents.import', { file });
    // Wait for the apply to be under way, then cancel.
    let progress = await ok(c, 'residents.importProgress', {});
    const seen: string[] = [];
    while (!(progress.running && progress.phase === 'applying' && progress.rowsApplied > 0)) {
      await new Promise((r) => setTimeout(r, 20));
      progress = await ok(c, 'residents.importProgress', {});
      if (progress.running) seen.push(progress.phase);
    }
    expect(progress).toMatchObject({ running: true, dryRun: false, fileName: 'bulk-utf-8.csv', rowsTotal: 30_000 });
    expect(progress.running && progress.fraction > 0.3 && progress.fraction < 1).toBe(true);
    expect(await ok(c, 'residents.importCancel', {})).toMatchObject({ cancelled: true });
    const out = await pending;
    expect(out).toMatchObject({ cancelled: true, applied: 0 });
    expect(count(c, 'SELECT count(*) AS n FROM residents')).toBe(residents);
    expect(count(c, 'SELECT count(*) AS n FROM households')).toBe(0);
    // only the cancellation's own row
    expect(count(c, 'SELECT count(*) AS n FROM audit_log')).toBe(audit + 1);
    expect((c.db.prepare('SELECT action FROM audit_log ORDER BY id DESC LIMIT 1').get() as { action: string }).action).toBe('import_cancelled');
    expect(await ok(c, 'residents.importProgress', {})).toEqual({ running: false });
    expect(verifyChain(c.db).ok).toBe(true);
  });
});
