import { chromium } from '@playwright/test';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chromiumExecutable } from './support/browser';
import { ADMIN, CHROMIUM_ARGS, CONTEXT_OPTIONS, expect, pairThroughPage, signInAtCentre, test } from './support/centre';
import { screenShot } from './support/intake';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test('an unpaired browser sees only the pairing page; a wrong code is refused, the right one pairs it', async ({ centre }) => {
  const page = await (await centre.newContext()).newPage();
  await page.goto(centre.url);
  const form = page.getByRole('form', { name: '配对' });
  await expect(form).toContainText('请在中心服务器上由管理员生成配对码');
  // The fingerprint to compare with the one the server printed and the administrator reads out.
  await expect(page.getByTestId('server-fingerprint')).toHaveText(centre.fingerprint);
  await expect(page.getByRole('form', { name: '登录' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);

  const input = form.getByLabel('配对码');
  await expect(input).toBeFocused();
  await input.fill('123');
  await input.press('Enter');
  await expect(form).toContainText('配对码为 8 位数字（已输入 3 位）');

  await input.fill('0000 0000');
  await input.press('Enter');
  await expect(form.getByRole('alert')).toContainText('配对码错误或已过期');
  await screenShot(page, 'centre-pairing.png');
  await expect(page.locator('meta[name="onewindow-centre"]')).toHaveAttribute('content', 'unpaired');

  const { code } = await centre.createPairingCode('2号窗口', { windowNo: '2号窗口' });
  // Typed as the administrator reads it out, in two groups.
  await input.fill(`${code.slice(0, 4)} ${code.slice(4)}`);
  await input.press('Enter');
  await expect(page.getByRole('status')).toContainText('本浏览器已配对为“2号窗口”');
  // Loaded again as the paired device: the sign-in screen.
  await expect(page.getByRole('form', { name: '登录' })).toBeVisible();
  await expect(page.locator('meta[name="onewindow-device-name"]')).toHaveAttribute('content', '2号窗口');

  await signInAtCentre(page, ADMIN);
  await page.goto(`${centre.url}admin`);
  await page.getByRole('tab', { name: '运行方式' }).click();
  const facts = page.getByRole('table', { name: '运行方式' });
  await expect(facts).toContainText('连接中心服务器（浏览器）');
  await expect(facts).toContainText('2号窗口');
  await expect(facts).toContainText(centre.fingerprint);

  // The same code never pairs a second browser.
  const other = await (await centre.newContext()).newPage();
  await other.goto(centre.url);
  await other.getByLabel('配对码').fill(code);
  await other.getByLabel('配对码').press('Enter');
  await expect(other.getByRole('form', { name: '配对' }).getByRole('alert')).toContainText('配对码错误或已过期');
});

test('the administrator creates a code in 管理 → 设备 and revokes the device; the revoked browser is told to pair again', async ({ centre }) => {
  const admin = await centre.pairedPage('管理员电脑');
  await signInAtCentre(admin, ADMIN);
  await admin.goto(`${centre.url}admin`);
  await admin.getByRole('tab', { name: '设备' }).click();
  await admin.getByRole('button', { name: /新增设备/ }).click();
  const form = admin.getByRole('form', { name: '新增设备' });
  await form.getByLabel('设备名称').fill('后台审核1');
  await form.getByRole('button', { name: /生成配对码/ }).click();
  const shown = admin.getByTestId('pairing-code');
  await expect(shown).toHaveText(/^\d{4} \d{4}$/);
  await expect(admin.getByTestId('pairing-fingerprint')).toHaveText(centre.fingerprint);
  await expect(admin.getByTestId('pairing-expiry')).toContainText(/有效期还剩 (9|10) 分/);
  await screenShot(admin, 'centre-pairing-code.png');
  const code = (await shown.textContent())!.replace(' ', '');

  const back = await (await centre.newContext()).newPage();
  await pairThroughPage(back, centre.url, code);
  await expect(back.getByRole('form', { name: '登录' })).toBeVisible();

  await admin.getByRole('button', { name: '完成' }).click();
  await admin.reload();
  await admin.getByRole('tab', { name: '设备' }).click();
  const table = admin.getByRole('table', { name: '设备' });
  const row = table.getByRole('row').filter({ hasText: '后台审核1' });
  await expect(row).toContainText('已配对');
  await expect(table.getByRole('row').filter({ hasText: '管理员电脑' })).toContainText('已配对');

  await row.getByRole('button', { name: '吊销 后台审核1' }).click();
  const confirm = admin.getByRole('dialog', { name: '吊销设备“后台审核1”？' });
  await expect(confirm).toContainText('“后台审核1”的下一次访问即被拒绝');
  await confirm.getByRole('button', { name: '确认吊销' }).click();
  await expect(row).toContainText('已吊销');
  await screenShot(admin, 'centre-devices.png');

  // The revoked browser's next call (its sign-in screen asks the server every 2 s, or a sign-in) is refused.
  const refused = back.getByRole('alert', { name: '设备已停用' });
  await expect(refused).toContainText('本设备已被管理员停用');
  await expect(refused).toContainText('重新配对');
  await screenShot(back, 'centre-device-revoked.png');
  await refused.getByRole('button', { name: '重新配对' }).click();
  await expect(back.getByRole('form', { name: '配对' })).toBeVisible();
  // The administrator's own browser goes on.
  await admin.getByRole('tab', { name: '中心设置' }).click();
  await expect(admin.getByRole('navigation', { name: '主导航' })).toBeVisible();
});

test('a browser that trusts another key than the server’s refuses the server (the fixture pins, it does not ignore certificate errors)', async ({ centre }) => {
  const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${createHash('sha256').update(otherKey).digest('base64')}`] });
  try {
    const page = await (await browser.newContext(CONTEXT_OPTIONS)).newPage();
    const failed = await page.goto(centre.url).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/ERR_CERT_/);
  } finally {
    await browser.close();
  }
});
