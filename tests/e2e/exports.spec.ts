import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, ensureAdmin, signIn } from './support/app';

const yesterday = () => new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);

test('导出: set the folder, run a ledger export from the screen, see it in the history and verify it', async ({ page, app }) => {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-exports-'));
  try {
    await ensureAdmin(app);
    await signIn(page, app);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导出' }).click();
    await expect(page.getByRole('heading', { name: '导出', level: 2 })).toBeVisible();

    // Before a folder is set, the run fails with the reason beside the button.
    const run = page.getByRole('form', { name: '立即导出' });
    await run.getByRole('button', { name: '立即导出' }).click();
    await expect(run.getByRole('alert')).toContainText('尚未设置导出文件夹');

    const settings = page.getByRole('form', { name: '导出设置' });
    await settings.getByLabel('导出文件夹（完整路径）').fill(dir);
    // The schedule off, so that only the run below writes into the folder.
    await settings.getByLabel('每日导出时间（HH:mm，空为关闭）').fill('');
    await settings.getByRole('button', { name: '保存导出设置' }).click();
    await expect(page.getByText('导出设置已保存')).toBeVisible();

    await expect(run.getByLabel('日期（YYYY-MM-DD）')).toHaveValue(yesterday());
    await run.getByRole('button', { name: '立即导出' }).click();
    const folder = `310101001_ledger_${yesterday()}`;
    const history = page.getByRole('table', { name: '导出记录' });
    const row = history.getByRole('row').filter({ hasText: folder });
    await expect(row).toContainText('办件明细');
    await expect(row).toContainText('成功');
    await expect(row).toContainText(/XLSX [0-9a-f]{12}/);
    await expect(row).toContainText('王管理');

    await row.getByRole('button', { name: /校验/ }).click();
    await expect(row.getByRole('status')).toHaveText('校验通过');

    const manifest = JSON.parse(readFileSync(join(dir, folder, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'ledger', period: yesterday(), layoutVersion: 1 });
    expect(existsSync(join(dir, folder, `${folder}.csv`))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
