import type { Page } from '@playwright/test';
import { makeId } from '../support/ids';
import { ADMIN, createPerson, ensureAdmin, expect, signIn, test, type RunningApp } from './support/app';

// One app for the file; the restore at the end replaces its database, so it comes last.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ app }) => {
  await ensureAdmin(app);
});

async function openTab(page: Page, app: RunningApp, tab: string) {
  await signIn(page, app, ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: tab }).click();
}

const todayInShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

test('everyone changes their own password from the user menu, under the administrator screen’s rules', async ({ page, app }) => {
  const clerk = await createPerson(app, 'sunli', '孙丽', ['clerk']);
  await signIn(page, app, clerk);
  await page.getByRole('button', { name: '我的账户' }).click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const form = page.getByRole('form', { name: '修改密码' });
  await expect(form.getByLabel('当前密码')).toBeFocused();

  await form.getByLabel('当前密码').fill('not-my-password');
  await form.getByLabel(/^新密码/).fill('sunli-new-pass-2');
  await form.getByLabel('再次输入新密码').fill('sunli-new-pass-2');
  await form.getByRole('button', { name: '修改密码' }).click();
  await expect(form.getByText('当前密码不正确')).toBeVisible();

  await form.getByLabel('当前密码').fill(clerk.password);
  await form.getByLabel(/^新密码/).fill('short');
  await form.getByLabel('再次输入新密码').fill('short');
  await form.getByRole('button', { name: '修改密码' }).click();
  await expect(form.getByText('密码至少 8 位')).toBeVisible();

  await form.getByLabel(/^新密码/).fill('sunli-new-pass-2');
  await form.getByLabel('再次输入新密码').fill('sunli-new-pass-3');
  await form.getByRole('button', { name: '修改密码' }).click();
  await expect(form.getByText('两次输入的新密码不一致')).toBeVisible();

  await form.getByLabel('再次输入新密码').fill('sunli-new-pass-2');
  await form.getByLabel('再次输入新密码').press('Enter');
  await expect(form).toBeHidden();
  await expect(page.getByText('密码已修改')).toBeVisible();

  // The old password no longer signs in; the new one does.
  await expect(app.api('accounts.login', { username: 'sunli', password: clerk.password })).rejects.toThrow(/用户名或密码错误/);
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, app, { username: 'sunli', password: 'sunli-new-pass-2' });
  await expect(page.getByTestId('signed-in-as')).toHaveText('孙丽');
});

test('the audit log filters by person, handler and days, pages, opens a row masked, and verifies the chain with its progress', async ({ page, app }) => {
  // many steps: room for a loaded machine
  test.setTimeout(180_000);
  const clerk = await createPerson(app, 'zhoumin', '周敏', ['clerk']);
  const idNumber = makeId(417, '19620303', '310104');
  await app.apiAs(clerk, 'residents.register', { idNumber, name: '钱审计', phone: '13912345678' });
  await app.apiAs(ADMIN, 'settings.update', { warningDays: 4 });
  // An anchor for the check to compare with: a backup writes the chain's head.
  await app.apiAs(ADMIN, 'backups.create', { note: '锚定' });

  await openTab(page, app, '审计日志');
  const filters = page.getByRole('form', { name: '筛选审计日志' });
  const table = page.getByRole('table', { name: '审计记录' });
  await expect(table).toContainText('backups.create');

  await filters.getByRole('combobox', { name: '人员' }).click();
  await page.getByRole('option', { name: /周敏/ }).click();
  await filters.getByRole('button', { name: '筛选' }).click();
  await expect(table).toContainText('residents.register');
  await expect(table).not.toContainText('settings.update');
  await expect(table.getByRole('row')).not.toHaveCount(1);
  for (const name of await table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') }).allInnerTexts()) expect(name).toContain('周敏');

  await filters.getByRole('combobox', { name: '功能' }).fill('residents.register');
  await filters.getByLabel('日期从').fill(todayInShanghai());
  await filters.getByLabel('日期至').fill(todayInShanghai());
  await filters.getByRole('button', { name: '筛选' }).click();
  const row = table.getByRole('row', { name: /residents\.register/ });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /查看第 \d+ 条/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('修改后')).toContainText('钱审计');
  await expect(dialog.getByLabel('修改后')).toContainText(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
  await expect(dialog.getByLabel('修改后')).toContainText('139****5678');
  await expect(dialog).not.toContainText(idNumber);
  await page.keyboard.press('Escape');

  // Days with nothing recorded yet.
  await filters.getByLabel('日期从').fill('2099-01-01');
  await filters.getByLabel('日期至').fill('');
  await filters.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByText('没有符合条件的记录。')).toBeVisible();

  // Fifty to a page: 55 changes of one setting fill a page and start the next.
  const { token } = await app.api('accounts.login', { username: ADMIN.username, password: ADMIN.password });
  for (let i = 0; i < 55; i++) await app.api('settings.update', { warningDays: 1 + (i % 5) }, token);
  await filters.getByRole('button', { name: '清除条件' }).click();
  await filters.getByRole('combobox', { name: '功能' }).fill('settings.update');
  await filters.getByRole('button', { name: '筛选' }).click();
  const pager = page.getByRole('navigation', { name: '审计日志分页' });
  const bodyRows = table.locator('tbody tr');
  await expect(bodyRows).toHaveCount(50);
  const newest = await bodyRows.first().locator('td').first().innerText();
  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager).toContainText('第 2 页');
  await expect(bodyRows).toHaveCount(6);
  await pager.getByRole('button', { name: '上一页' }).click();
  await expect(bodyRows.first().locator('td').first()).toHaveText(newest);

  const verify = page.getByRole('region', { name: '校验审计日志' });
  await verify.getByRole('button', { name: '校验' }).click();
  await expect(verify.getByTestId('audit-verify-result')).toContainText('审计日志完整');
  const { rows } = await app.apiAs(ADMIN, 'audit.verifyProgress');
  await expect(verify.getByRole('progressbar', { name: '校验进度' })).toHaveAttribute('aria-valuenow', '100');
  await expect(verify.getByRole('status')).toContainText(`已校验 ${rows} / `);
  await expect(verify.getByTestId('audit-anchor')).toContainText(/最近锚定：第 \d+ 行/);
  await page.screenshot({ path: test.info().outputPath('audit-log.png') });
});

test('a backup is made, checked and restored through 管理 → 备份; everyone signs in again to the earlier records', async ({ page, app }) => {
  await app.apiAs(ADMIN, 'residents.register', { idNumber: makeId(431, '19580505', '310104'), name: '早登记' });
  await openTab(page, app, '备份');
  const create = page.getByRole('form', { name: '立即备份' });
  await create.getByLabel('备注').fill('端到端测试');
  await create.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/已备份：/)).toBeVisible();
  const table = page.getByRole('table', { name: '备份' });
  const row = table.getByRole('row', { name: /端到端测试/ });
  await expect(row).toContainText('手动');
  await expect(row).toContainText(/\d+(\.\d)? (KB|MB)/);
  await expect(row).toContainText('未检查');
  const file = (await app.apiAs(ADMIN, 'backups.list')).find((b) => b.note === '端到端测试')!.file;

  await row.getByRole('button', { name: `校验 ${file}` }).click();
  await expect(row).toContainText('通过');

  // Recorded after the backup: gone once it is restored.
  await app.apiAs(ADMIN, 'residents.register', { idNumber: makeId(432, '19580606', '310104'), name: '晚登记' });

  await row.getByRole('button', { name: `恢复 ${file}` }).click();
  const dialog = page.getByRole('dialog', { name: '从备份恢复' });
  await expect(dialog).toContainText('被替换：正在使用的数据库');
  await expect(dialog).toContainText(file);
  await expect(dialog).toContainText('所有人（包括您）都将退出登录');
  const confirm = dialog.getByRole('button', { name: '恢复并让所有人退出登录' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('请输入备份文件名以确认').fill(file);
  await confirm.click();

  await expect(page.getByRole('form', { name: '登录' })).toBeVisible();
  await expect(page.getByText(`已从 ${file} 恢复`)).toBeVisible();
  await openTab(page, app, '备份');
  await expect(page.getByRole('table', { name: '备份' })).toContainText('恢复前');
  const found = async (name: string) => (await app.apiAs(ADMIN, 'residents.search', { query: name })).items.length;
  expect(await found('早登记')).toBe(1);
  expect(await found('晚登记')).toBe(0);
});
