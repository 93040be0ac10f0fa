import { ADMIN, expect, test } from './support/app';

test.describe.configure({ mode: 'serial' });

test('first start creates the administrator, with no default password', async ({ page, app }) => {
  await page.goto(app.url);
  const setup = page.getByRole('form', { name: '首次设置' });
  await expect(setup).toBeVisible();
  await setup.getByLabel('姓名').fill(ADMIN.displayName);
  await setup.getByLabel('密码（至少 8 位）').fill('short');
  await setup.getByLabel('再次输入密码').fill('short');
  await setup.getByRole('button', { name: '创建管理员并登录' }).click();
  await expect(setup.getByText('密码至少 8 位')).toBeVisible();
  await setup.getByLabel('密码（至少 8 位）').fill(ADMIN.password);
  await setup.getByLabel('再次输入密码').fill(ADMIN.password);
  await setup.getByRole('button', { name: '创建管理员并登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(ADMIN.displayName);
  await page.screenshot({ path: test.info().outputPath('first-start.png') });
});

test('sign-in refuses a wrong password in Chinese and accepts the right one', async ({ page, app }) => {
  await page.goto(app.url);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('用户名').fill('admin');
  await form.getByLabel('密码').fill('wrong-password');
  await form.getByRole('button', { name: /登录/ }).click();
  await expect(form.getByRole('alert')).toContainText('用户名或密码错误');
  await form.getByLabel('密码').fill(ADMIN.password);
  await form.getByLabel('密码').press('Enter');
  await expect(page.getByTestId('signed-in-as')).toHaveText(ADMIN.displayName);
});

test('the screen locks after the idle time and unlocks with the password, keeping what was typed', async ({ page, app }) => {
  await page.clock.install();
  await page.goto(app.url);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('用户名').fill('admin');
  await form.getByLabel('密码').fill(ADMIN.password);
  await form.getByLabel('密码').press('Enter');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  const probe = page.getByRole('form', { name: '中心设置' }).getByLabel('中心电话');
  await probe.fill('021-62345678 转 8');

  await page.clock.fastForward('16:00');
  const lock = page.getByRole('dialog', { name: '屏幕已锁定' });
  await expect(lock).toBeVisible();
  await lock.getByLabel('密码').fill('wrong-password');
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock.getByRole('alert')).toContainText('用户名或密码错误');
  await lock.getByLabel('密码').fill(ADMIN.password);
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock).toBeHidden();
  await expect(probe).toHaveValue('021-62345678 转 8');
});
