import Database from 'better-sqlite3';
import { ADMIN, createPerson, expect, test } from './support/app';

test.describe.configure({ mode: 'serial' });

test('first start creates the administrator, with no default password', async ({ page, app }) => {
  await page.goto(app.url);
  const setup = page.getByRole('form', { name: '首次设置' });
  await expect(setup).toBeVisible();
  await setup.getByLabel('姓名').fill(ADMIN.displayName);
  // The administrator's own ID number, checked like residents' (here a wrong check digit).
  await setup.getByLabel('身份证号').fill('110105194912310021');
  await setup.getByLabel('密码（至少 8 位）').fill(ADMIN.password);
  await setup.getByLabel('再次输入密码').fill(ADMIN.password);
  await setup.getByRole('button', { name: '创建管理员并登录' }).click();
  await expect(setup.getByText(/身份证号有误/)).toBeVisible();
  await setup.getByLabel('身份证号').fill(ADMIN.staffIdNumber);
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

test('an account made before staff ID numbers records its holder\'s number at sign-in, and can do nothing else first', async ({ page, app }) => {
  const old = await createPerson(app, 'old1', '老账户', ['clerk']);
  // As migration 0013 leaves an existing account: no number yet.
  const db = new Database(app.dbPath);
  try {
    db.prepare("UPDATE users SET staff_id_number = NULL WHERE username = 'old1'").run();
  } finally {
    db.close();
  }
  await page.goto(app.url);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('用户名').fill(old.username);
  await form.getByLabel('密码').fill(old.password);
  await form.getByLabel('密码').press('Enter');
  const record = page.getByRole('form', { name: '登记身份证号' });
  await expect(record).toBeVisible();
  await expect(record).toContainText('老账户（old1）');
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
  // Someone else's number (the administrator's) is refused.
  await record.getByLabel('身份证号').fill(ADMIN.staffIdNumber);
  await record.getByRole('button', { name: /登记并继续/ }).click();
  await expect(record.getByRole('alert')).toContainText('一人只能有一个在用账户');
  await record.getByLabel('身份证号').fill('310104198505050999');
  await record.getByRole('button', { name: /登记并继续/ }).click();
  await expect(record.getByRole('alert')).toContainText('身份证号有误');
  await record.getByLabel('身份证号').fill('31010519900101123x');
  await record.getByRole('button', { name: /登记并继续/ }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('老账户');
  await page.screenshot({ path: test.info().outputPath('staff-id-at-sign-in.png') });
});
