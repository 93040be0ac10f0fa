import type { Page } from '@playwright/test';
import { ADMIN, ensureAdmin, expect, signIn, test, type RunningApp } from './support/app';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ app }) => {
  await ensureAdmin(app);
});

async function openTab(page: Page, app: RunningApp, tab: string) {
  await signIn(page, app, ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: tab }).click();
}

test('the administrator creates an account and that person can sign in', async ({ page, app, browser }) => {
  await app.apiAs(ADMIN, 'settings.update', { windows: ['1号窗口', '2号窗口'] });
  await openTab(page, app, '账户');
  const list = page.getByRole('table', { name: '账户' });
  await expect(list).toContainText('admin');

  await page.getByRole('button', { name: /新建账户/ }).click();
  const form = page.getByRole('form', { name: '新建账户' });
  await expect(form.getByLabel('用户名')).toBeFocused();
  await form.getByLabel('用户名').fill('zhoujing');
  await form.getByLabel('姓名').fill('周静');
  // The holder's own ID number: the administrator's is refused (one person, one account).
  await form.getByLabel('身份证号').fill(ADMIN.staffIdNumber);
  await form.getByLabel('初始密码').fill('zhoujing-pass-1');
  await form.getByRole('button', { name: /新建/ }).click();
  await expect(form.getByRole('alert')).toContainText('一人只能有一个在用账户');
  await form.getByLabel('身份证号').fill('31010519900101123X');
  await form.getByLabel('初始密码').fill('short');
  await form.getByLabel('审核审批').check();
  await form.getByRole('combobox', { name: '窗口' }).click();
  await page.getByRole('option', { name: '1号窗口' }).click();
  await form.getByRole('button', { name: /新建/ }).click();
  // The core's message lands next to the password, and the typed values stay.
  await expect(form.getByText('密码至少 8 位')).toBeVisible();
  await expect(form.getByLabel('用户名')).toHaveValue('zhoujing');
  await form.getByLabel('初始密码').fill('zhoujing-pass-1');
  await form.getByLabel('初始密码').press('Enter');
  await expect(form).toBeHidden();
  const row = list.getByRole('row', { name: /zhoujing/ });
  await expect(row).toContainText('周静');
  await expect(row).toContainText('窗口受理');
  await expect(row).toContainText('审核审批');
  await expect(row).toContainText('1号窗口');
  await expect(row).toContainText('310105********123X');
  await page.screenshot({ path: test.info().outputPath('admin-accounts.png') });

  // Edit: display name and roles.
  await row.getByRole('button', { name: '编辑账户 zhoujing' }).click();
  const edit = page.getByRole('form', { name: '编辑账户' });
  await edit.getByLabel('姓名').fill('周静怡');
  await edit.getByLabel('姓名').press('Enter');
  await expect(list.getByRole('row', { name: /zhoujing/ })).toContainText('周静怡');
  await page.keyboard.press('Escape');

  // One's own roles are shown, not offered: another administrator changes them.
  await list.getByRole('row', { name: /admin/ }).first().getByRole('button', { name: '编辑账户 admin' }).click();
  await expect(page.getByRole('form', { name: '编辑账户' }).getByTestId('own-roles')).toContainText('不能修改自己的角色');
  await expect(page.getByRole('form', { name: '编辑账户' }).getByLabel('窗口受理')).toHaveCount(0);
  await page.keyboard.press('Escape');

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, app, { username: 'zhoujing', password: 'zhoujing-pass-1' });
  await expect(page2.getByTestId('signed-in-as')).toHaveText('周静怡');
  await other.close();

  // Deactivated, the person can no longer sign in.
  await list.getByRole('row', { name: /zhoujing/ }).getByRole('button', { name: '编辑账户 zhoujing' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '停用账户' }).click();
  await expect(list.getByRole('row', { name: /zhoujing/ })).toContainText('已停用');
  const login = await fetch(`${app.url}api/accounts.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-onewindow-token': await pageToken(app) },
    body: JSON.stringify({ username: 'zhoujing', password: 'zhoujing-pass-1' }),
  }).then((r) => r.json() as Promise<{ ok: boolean }>);
  expect(login.ok).toBe(false);
});

async function pageToken(app: RunningApp): Promise<string> {
  const html = await (await fetch(app.url)).text();
  return /name="onewindow-token" content="([^"]+)"/.exec(html)![1]!;
}

test('editing an item’s time limit saves a new version; a bad row is named and nothing is saved', async ({ page, app }) => {
  const first = (await app.apiAs(ADMIN, 'catalogue.list', { query: '最低生活保障' }))[0]!;
  const before = await app.apiAs(ADMIN, 'catalogue.get', { code: first.code });
  await openTab(page, app, '事项目录');
  const search = page.getByLabel('查找事项');
  await expect(search).toBeFocused();
  await search.fill('zdshbz');
  const catalogue = page.getByRole('table', { name: '事项目录' });
  await expect(catalogue.getByRole('row', { name: /最低生活保障/ })).toBeVisible();
  await expect(catalogue.getByRole('row', { name: /临时救助/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('admin-catalogue.png') });
  await search.press('Enter');
  await expect(page.getByTestId('item-version')).toHaveText(`第 ${before.version} 版`);

  await page.getByRole('button', { name: /编辑/ }).click();
  const form = page.getByRole('form', { name: '编辑事项' });
  // A material without a name is refused, the message at its row, and nothing is saved.
  const materials = form.getByRole('table', { name: '申请材料（编辑）' });
  await materials.getByRole('row', { name: '材料第 1 行' }).getByLabel('材料名称').fill('');
  await form.getByLabel('办理时限（工作日）').fill(String(before.timeLimitDays + 5));
  await form.getByRole('button', { name: /保存为新版本/ }).click();
  await expect(materials.getByRole('row', { name: '材料第 1 行' }).getByText('材料名称不能为空')).toBeVisible();
  expect((await app.apiAs(ADMIN, 'catalogue.get', { code: first.code })).version).toBe(before.version);
  await materials.getByRole('row', { name: '材料第 1 行' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('admin-catalogue-error.png') });

  await materials.getByRole('row', { name: '材料第 1 行' }).getByLabel('材料名称').fill(before.materials[0]!.name);
  await form.getByRole('button', { name: /保存为新版本/ }).click();
  await expect(page.getByTestId('item-version')).toHaveText(`第 ${before.version + 1} 版`);
  await expect(page.getByRole('status')).toContainText(`已保存为第 ${before.version + 1} 版`);
  await expect(page.getByText(`${before.timeLimitDays + 5} 个工作日`)).toBeVisible();

  const after = await app.apiAs(ADMIN, 'catalogue.get', { code: first.code });
  expect(after.version).toBe(before.version + 1);
  expect(after.timeLimitDays).toBe(before.timeLimitDays + 5);
  expect(after.materials).toEqual(before.materials);

  // Retire and restore.
  await page.getByRole('button', { name: '停用事项' }).click();
  await page.getByRole('form', { name: '停用事项' }).getByLabel('停用原因').fill('政策调整');
  await page.getByRole('button', { name: '确认停用' }).click();
  await expect(page.getByText('已停用', { exact: true }).first()).toBeVisible();
  expect((await app.apiAs(ADMIN, 'catalogue.get', { code: first.code })).retired).toBe(true);
  await page.getByRole('button', { name: '恢复事项' }).click();
  await expect(page.getByRole('button', { name: '停用事项' })).toBeVisible();
  expect((await app.apiAs(ADMIN, 'catalogue.get', { code: first.code })).retired).toBe(false);
});

test('the calendar sets a day and refuses a file with a bad line, importing nothing', async ({ page, app }) => {
  await openTab(page, app, '节假日');
  const setDay = page.getByRole('form', { name: '调整某日' });
  await page.getByRole('combobox', { name: '年份' }).click();
  await page.getByRole('option', { name: '2027 年' }).click();
  // No 2027 notice is shipped: the year runs on the computed statutory days, marked provisional.
  await expect(page.getByTestId('calendar-provisional')).toContainText('2027年放假安排尚未导入国务院通知，节假日为按法定节日推算的临时安排，办结时限可能变动');
  await expect(page.getByRole('combobox', { name: '年份' })).toHaveValue('2027 年（临时）');
  const days = page.getByRole('table', { name: '例外日' });
  await expect(days.getByRole('row', { name: /2027-02-05/ })).toContainText('按法定节日推算（临时）');
  await setDay.getByLabel('日期').fill('2027-03-03');
  await setDay.getByText('休', { exact: true }).click();
  await setDay.getByLabel('名称').fill('临时闭馆');
  await setDay.getByLabel('名称').press('Enter');
  const row = days.getByRole('row', { name: /2027-03-03/ });
  await expect(row).toContainText('休');
  await expect(row).toContainText('临时闭馆');
  await expect(row).toContainText('管理员调整');
  const listed = await app.apiAs(ADMIN, 'calendar.list', { year: 2027 });
  expect(listed.days).toContainEqual(expect.objectContaining({ date: '2027-03-03', kind: 'holiday', source: 'admin' }));

  // Back to the weekly rule.
  await row.getByRole('button', { name: '调整 2027-03-03' }).click();
  await setDay.getByText('默认', { exact: true }).click();
  await setDay.getByRole('button', { name: /保存/ }).click();
  await expect(days.getByRole('row', { name: /2027-03-03/ })).toHaveCount(0);

  const importForm = page.getByRole('form', { name: '导入节假日文件' });
  const bad = ['date,kind,name', '2028-01-01,holiday,元旦', '2028-02-30,holiday,春节', '2028-02-05,班,春节调休上班'].join('\n');
  await importForm.locator('input[type="file"]').setInputFiles({ name: '2028.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  await importForm.getByRole('button', { name: '导入' }).click();
  const alert = importForm.getByRole('alert');
  await expect(alert).toContainText('未导入任何日期');
  await expect(alert).toContainText('第 3 行');
  await expect(alert).toContainText('2028-02-30');
  await page.screenshot({ path: test.info().outputPath('admin-calendar.png') });
  expect((await app.apiAs(ADMIN, 'calendar.list', { year: 2028 })).days.filter((d: { source: string }) => d.source !== 'provisional')).toEqual([]);

  const good = ['\uFEFFdate,kind,name', '2028-01-01,holiday,元旦', '2028-02-05,班,春节调休上班'].join('\r\n');
  await importForm.locator('input[type="file"]').setInputFiles({ name: '2028.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
  await importForm.getByRole('button', { name: '导入' }).click();
  await expect(page.getByRole('combobox', { name: '年份' })).toHaveValue('2028 年');
  await expect(days.getByRole('row', { name: /2028-02-05/ })).toContainText('文件导入');
  // The imported file is 2028's notice now: the computed days are gone.
  expect((await app.apiAs(ADMIN, 'calendar.list', { year: 2028 })).days).toHaveLength(2);
  await expect(page.getByTestId('calendar-provisional')).toHaveCount(0);
});

test('on one computer (local browser mode) 运行方式 says 单机, and 设备 says pairing needs a centre server', async ({ page, app }) => {
  await openTab(page, app, '运行方式');
  await expect(page.getByRole('table', { name: '运行方式' })).toContainText('单机');
  await page.getByRole('tab', { name: '设备' }).click();
  await page.getByRole('button', { name: /新增设备/ }).click();
  const form = page.getByRole('form', { name: '新增设备' });
  await form.getByLabel('设备名称').fill('3号窗口');
  await form.getByRole('button', { name: /生成配对码/ }).click();
  await expect(form.getByRole('alert')).toContainText('本机以单机方式运行，不是中心服务器');
});
