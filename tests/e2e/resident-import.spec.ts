/**
 * 管理 → 数据导入 (issue #20) in real Chromium against the browser-mode host: the file is
 * chosen in the page and uploaded, its encoding shown, two columns mapped by hand (and
 * remembered for the next file), the preview read, a dry run's report with the refused rows
 * downloaded as XLSX, the import, the same file again as a no-op, and a large file's
 * progress bar with cancel.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXlsx } from '../support/exports';
import { bulkRows, IMPORT_HEADER, SAMPLE_EXPECTED, SAMPLE_ROWS, writeImportFile } from '../support/resident-import-file';
import { ADMIN, ensureAdmin, expect, signIn, test } from './support/app';

// The sender's own names for two columns: these need mapping, the others are the issue's.
const HEADER = IMPORT_HEADER.map((h) => (h === '姓名' ? '居民姓名' : h === '身份证号' ? '证件号码' : h));

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onewindow-import-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function count(dbPath: string, sql: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function openImport(page: import('@playwright/test').Page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: '数据导入' }).click();
  await expect(page.getByRole('heading', { name: '导入居民和家庭户' })).toBeVisible();
}

test('mapping, preview, dry run with the refused rows downloaded, import, the same file again changes nothing', async ({ page, app }) => {
  await ensureAdmin(app);
  const file = await writeImportFile(dir, 'gb18030', SAMPLE_ROWS, HEADER, '社区云导出');
  const residents = () => count(app.dbPath, 'SELECT count(*) AS n FROM residents');
  const before = residents();

  await signIn(page, app, ADMIN);
  await openImport(page);
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-encoding')).toHaveText('编码：GB 18030');

  // Two columns the core cannot place by name: the import waits until they are mapped.
  const missing = page.getByRole('alert').filter({ hasText: '必须有对应' });
  await expect(missing).toContainText('姓名');
  await expect(missing).toContainText('身份证号');
  await expect(page.getByRole('button', { name: '核对（不写入）' })).toBeDisabled();
  await page.getByLabel('“居民姓名”对应的字段').selectOption({ label: '姓名（必填）' });
  await page.getByLabel('“证件号码”对应的字段').selectOption({ label: '身份证号（必填）' });
  await expect(missing).toBeHidden();

  // The preview shows the rows as stored: 生僻字 kept, 性别 and 出生日期 from the ID number.
  const preview = page.getByRole('table', { name: '预览' });
  const ji = preview.getByRole('row', { name: /𠮷振华/ });
  await expect(ji).toContainText('1960-01-01');
  await expect(ji).toContainText('男');
  await expect(ji).toContainText('本市户籍');
  await expect(preview.getByRole('row', { name: /^13 / })).toContainText('联系电话');

  await page.getByRole('button', { name: '核对（不写入）' }).click();
  const report = page.getByRole('region', { name: '核对结果' });
  await expect(report.getByTestId('import-summary')).toContainText(`共 ${SAMPLE_EXPECTED.rows} 行`, { timeout: 60_000 });
  await expect(report.getByTestId('import-summary')).toContainText(`可新增 ${SAMPLE_EXPECTED.valid} 人`);
  await expect(report.getByTestId('import-summary')).toContainText(`不予导入 ${SAMPLE_EXPECTED.refused.length} 行`);
  const refused = report.getByRole('table', { name: '不予导入的行' });
  await expect(refused.getByRole('row', { name: /^14 / })).toContainText('与户主关系');
  await expect(refused.getByRole('row', { name: /^16 / })).toContainText('第 10 行');
  expect(residents()).toBe(before);

  const downloading = page.waitForEvent('download');
  await report.getByRole('button', { name: '下载问题行（XLSX）' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/问题行\.xlsx$/);
  const saved = join(dir, 'downloaded.xlsx');
  await download.saveAs(saved);
  const rows = await readXlsx(saved);
  // the sender's line number, their own columns and cells, and what to correct
  expect(rows[0]).toEqual(['行号', ...HEADER, '问题']);
  expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(SAMPLE_EXPECTED.refused.map((r) => r.line));
  expect(rows.slice(1).map((r) => r[1] ?? '')).toEqual(['孙错号', '周电话', '吴表亲', '', '赵敏重', '郑性别', '冯无主', '陈无主']);
  expect(rows.slice(1).every((r) => typeof r[HEADER.length + 1] === 'string' && (r[HEADER.length + 1] as string).length > 0)).toBe(true);

  await page.getByRole('button', { name: '导入', exact: true }).click();
  const done = page.getByRole('region', { name: '导入结果' });
  await expect(done.getByTestId('import-summary')).toContainText(`新增 ${SAMPLE_EXPECTED.valid} 人`, { timeout: 60_000 });
  expect(residents()).toBe(before + SAMPLE_EXPECTED.valid);
  expect(count(app.dbPath, `SELECT count(*) AS n FROM residents WHERE name = '𠮷振华'`)).toBe(1);

  // The same file again: the mapping is remembered by header name, nothing changes.
  await page.reload();
  await openImport(page);
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByLabel('“居民姓名”对应的字段')).toHaveValue('name');
  await expect(page.getByRole('table', { name: '列与字段的对应' }).getByRole('row', { name: /居民姓名/ })).toContainText('沿用上次导入');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(done.getByTestId('import-summary')).toContainText('新增 0 人，更新 0 人', { timeout: 60_000 });
  expect(residents()).toBe(before + SAMPLE_EXPECTED.valid);
});

test('a large file: progress with counts, cancel leaves the database as it was; an import still running is shown when the screen is opened again', async ({ page, app }) => {
  test.setTimeout(240_000);
  await ensureAdmin(app);
  const file = await writeImportFile(dir, 'utf-8', bulkRows(30_000), IMPORT_HEADER, '大文件');
  const residents = () => count(app.dbPath, 'SELECT count(*) AS n FROM residents');
  const before = residents();

  await signIn(page, app, ADMIN);
  await openImport(page);
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-encoding')).toHaveText('编码：UTF-8');

  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: '导入进度' })).toBeVisible();
  const status = page.getByRole('status', { name: '导入进度说明' });
  await expect(status).toHaveText(/已读 [1-9]\d* 行|写入：[1-9]\d* \/ 30000 行/);
  await page.getByRole('button', { name: '取消导入' }).click();
  await expect(page.getByRole('status').filter({ hasText: '导入已取消，数据库与导入前完全相同' })).toBeVisible({ timeout: 120_000 });
  expect(residents()).toBe(before);

  // Started again, then the screen left and opened anew: the import goes on on the host,
  // and the screen shows it with its progress until it is done.
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(status).toHaveText(/已读 [1-9]\d* 行|写入：[1-9]\d* \/ 30000 行/);
  await page.reload();
  await openImport(page);
  const running = page.getByRole('alert').filter({ hasText: '另一次导入正在进行：大文件-utf-8.csv' });
  await expect(running.getByRole('progressbar', { name: '导入进度' })).toBeVisible();
  await expect(running.getByRole('button', { name: '取消导入' })).toBeVisible();
  await expect(running).toBeHidden({ timeout: 180_000 });
  expect(residents()).toBe(before + 30_000);
});
