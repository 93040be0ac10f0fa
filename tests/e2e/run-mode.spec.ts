import { ADMIN, ensureAdmin, expect, signIn, test } from './support/app';

test.describe.configure({ mode: 'serial' });

/**
 * The desktop's main process is not runnable here: a stand-in for its bridge (the shape of
 * PARTS16's `runMode`) in front of the real browser-mode host, so that the renderer's
 * first-start chooser and 管理 → 运行方式 run in Chromium. The stand-in records what the
 * renderer chose and refuses a client choice the way the main process would (a message).
 * Its get() answers the same object each time: the first-start screen must go on from the
 * accepted choice itself, not wait for a read that looks different.
 */
const STAND_IN = `
  (() => {
    const meta = (n) => document.querySelector('meta[name="' + n + '"]')?.content ?? '';
    const state = JSON.parse(sessionStorage.getItem('runMode') ?? '{"chosen":false,"mode":"standalone"}');
    window.__choices = [];
    window.onewindow = {
      invoke: async (name, input, session) => {
        const res = await fetch('/api/' + name, { method: 'POST', headers: { 'content-type': 'application/json', 'x-onewindow-token': meta('onewindow-token'), ...(session ? { 'x-onewindow-session': session } : {}) }, body: JSON.stringify(input ?? {}) });
        return res.json();
      },
      print: async () => ({ printed: false, pdfPath: null, message: 'stand-in' }),
      printers: async () => [],
      runMode: {
        get: async () => state,
        choose: async (choice) => {
          window.__choices.push(choice);
          if (choice.mode === 'client') return { ok: false, message: '无法连接到中心服务器：' + choice.url };
          state.chosen = true;
          state.mode = choice.mode;
          if (choice.mode === 'server') state.server = { url: 'https://192.168.1.10:8443/', fingerprint: 'AB:CD', listen: choice.listen ?? '0.0.0.0:8443' };
          sessionStorage.setItem('runMode', JSON.stringify(state));
          return { ok: true };
        },
      },
    };
  })();
`;

test('the desktop’s first start asks how this computer runs, checks the fields, and 管理 → 运行方式 shows the mode', async ({ page, app }) => {
  await ensureAdmin(app);
  await page.addInitScript(STAND_IN);
  await page.goto(app.url);
  const chooser = page.getByRole('form', { name: '选择运行方式' });
  await expect(page.getByRole('heading', { name: '一窗受理 · 首次启动' })).toBeVisible();
  await expect(page.getByRole('form', { name: '登录' })).toHaveCount(0);

  await chooser.getByRole('radio', { name: '连接中心服务器' }).check();
  await chooser.getByLabel('中心服务器地址').fill('http://192.168.1.10:8443');
  await chooser.getByLabel('配对码').fill('1234');
  await chooser.getByRole('button', { name: '确定' }).click();
  await expect(chooser).toContainText('地址应为 https://地址:端口/');
  await expect(chooser).toContainText('配对码为 8 位数字（已输入 4 位）');
  await expect(chooser).toContainText('请输入管理员提供的证书指纹');
  expect(await page.evaluate('window.__choices.length')).toBe(0);

  // What the main process answers when it cannot: shown as it said it.
  await chooser.getByLabel('中心服务器地址').fill('192.168.1.10:8443');
  await chooser.getByLabel('配对码').fill('1234 5678');
  await chooser.getByLabel('证书指纹（SHA-256）').fill('ab'.repeat(32));
  await chooser.getByRole('button', { name: '确定' }).click();
  await expect(chooser.getByRole('alert')).toContainText('无法连接到中心服务器：https://192.168.1.10:8443/');
  expect(await page.evaluate('window.__choices[0]')).toEqual({ mode: 'client', url: 'https://192.168.1.10:8443/', code: '12345678', fingerprint: Array(32).fill('AB').join(':') });

  await chooser.getByRole('radio', { name: '中心服务器', exact: true }).check();
  await chooser.getByLabel('监听地址').fill('0.0.0.0:9443');
  await chooser.getByRole('button', { name: '确定' }).click();
  // Chosen: the application goes on to its sign-in.
  await expect(page.getByRole('form', { name: '登录' })).toBeVisible();

  await signIn(page, app, ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: '运行方式' }).click();
  const facts = page.getByRole('table', { name: '运行方式' });
  await expect(facts).toContainText('中心服务器');
  await expect(facts).toContainText('0.0.0.0:9443');
  await expect(page.getByRole('form', { name: '选择运行方式' }).getByRole('radio', { name: '中心服务器', exact: true })).toBeChecked();
});
