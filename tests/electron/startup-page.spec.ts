/**
 * The start-up error page in Chromium (no Electron needed): its one inline script is
 * allowed by the hash in its CSP and runs, the restore form sends exactly the chosen
 * backup and credentials to the bridge, and nothing else is loaded.
 */
import { expect, test } from '@playwright/test';
import { DatabaseCorruptError } from '../../db/src/backups/integrity';
import { startupHtmlDataUrl, startupScreenFor } from '../../electron/startup-screen';

const screen = startupScreenFor({
  error: new DatabaseCorruptError(['*** in database main *** Page 7: btreeInitPage() returns error code 11']),
  message: '无法打开数据库 C:\\Users\\li\\AppData\\Roaming\\OneWindow\\onewindow.sqlite：数据库文件已损坏，完整性检查未通过。',
  dbPath: 'C:\\Users\\li\\AppData\\Roaming\\OneWindow\\onewindow.sqlite',
  dataDir: 'C:\\Users\\li\\AppData\\Roaming\\OneWindow',
  backups: [
    { file: 'onewindow-20261122-090000-daily.sqlite', kind: 'daily', size: 48_000_000, createdAt: '2026-11-22T01:00:00.000Z', schemaVersion: 6, note: null },
    { file: 'onewindow-20261120-180000-manual.sqlite', kind: 'manual', size: 47_500_000, createdAt: '2026-11-20T10:00:00.000Z', schemaVersion: 6, note: '月末结账前' },
    { file: 'onewindow-20261122-093000-broken.sqlite', kind: 'broken', size: 48_100_000, createdAt: '2026-11-22T01:30:00.000Z', schemaVersion: 6, note: null },
  ],
  programSchemaVersion: 6,
  recoveryAvailable: true,
});

test('the start-up error page offers the restore and sends the choice to the main process', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text());
  });
  // Stands in for startup-preload.ts, which only forwards to the main process.
  await page.addInitScript(() => {
    (globalThis as any).sent = [];
    (globalThis as any).onewindowStartup = {
      act: async (request: unknown) => {
        (globalThis as any).sent.push(request);
        return { ok: false, message: '用户名或密码错误' };
      },
    };
  });
  await page.goto(startupHtmlDataUrl(screen));
  await expect(page.getByRole('heading', { name: '数据库文件已损坏' })).toBeVisible();
  await expect(page.getByText(screen.dbPath, { exact: true })).toBeVisible();
  const form = page.getByRole('form', { name: '从备份恢复' });
  await expect(form.getByRole('radio')).toHaveCount(2);
  await expect(form.getByText('这是损坏文件的副本')).toBeVisible();

  await form.getByLabel('用户名').fill('admin');
  await form.getByLabel('密码').fill('admin-pass-1');
  await form.getByRole('button', { name: '恢复' }).click();
  await expect(page.getByRole('status')).toHaveText('请先选择一份备份');
  await form.getByRole('radio').first().check();
  await form.getByRole('button', { name: '恢复' }).click();
  await expect(page.getByRole('status')).toHaveText('用户名或密码错误');
  await page.getByRole('button', { name: '重试' }).click();
  expect(await page.evaluate(() => (globalThis as any).sent)).toEqual([
    { action: 'restore', file: 'onewindow-20261122-090000-daily.sqlite', username: 'admin', password: 'admin-pass-1' },
    { action: 'retry' },
  ]);
  expect(violations).toEqual([]);
  expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('startup-error.png'), fullPage: true });
});
