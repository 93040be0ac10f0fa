import { ADMIN, ensureAdmin, expect, signIn, test } from './support/app';

test('the 关于 page shows the program and schema version read from the database', async ({ page, app }) => {
  await ensureAdmin(app);
  const info = await app.apiAs(ADMIN, 'system.info');
  await signIn(page, app);
  await expect(page.getByTestId('centre-name')).toHaveText('示范街道社区事务受理服务中心');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '关于' }).click();
  await expect(page.getByTestId('program-version')).toHaveText(info.programVersion);
  await expect(page.getByTestId('schema-version')).toHaveText(String(info.schemaVersion));
  await expect(page.getByTestId('system-info')).toContainText('e2e.sqlite');
  // The seed catalogue's amounts are examples: the centre confirms them before use.
  await expect(page.getByTestId('catalogue-amounts-note')).toContainText('均为示例，须由本中心按本区现行标准确认后方可使用');
  await page.screenshot({ path: test.info().outputPath('about.png'), fullPage: true });
});
