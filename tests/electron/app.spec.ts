/**
 * The desktop app end to end: start on a fresh data folder, first start and sign-in,
 * accept one case, print its receipt to a PDF copy in the archive, quit cleanly.
 * Runs where the Electron binary is installed; elsewhere it is reported as skipped, with
 * the reason printed.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeId } from '../support/ids';
import { findElectron } from './support';

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronFound = findElectron();
// Printed as the file loads as well, so the reason is in the log whatever the reporter shows.
if (electronFound.reason) console.log(`[electron] 跳过桌面端测试：${electronFound.reason}`);

const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: '王管理' };

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication | undefined;
let page: Page;
let dataDir = '';

test.beforeAll(async () => {
  if (!electronFound.path) return;
  // The main process and preloads come from dist/electron; the UI from dist/renderer.
  execFileSync(process.execPath, [join(root, 'build', 'build-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    const vite = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (vite.status !== 0) throw new Error('构建界面失败');
  }
  dataDir = mkdtempSync(join(tmpdir(), 'onewindow-electron-'));
  app = await electron.launch({
    executablePath: electronFound.path,
    // Chromium refuses its sandbox for root (CI containers); the app's own settings are unchanged.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
    cwd: root,
    env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir },
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  if (app) await app.close().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Calls a core handler the way the UI does: through the preload bridge of the main window. */
async function invoke<T = any>(name: string, input: unknown, token: string | null): Promise<T> {
  const res = (await page.evaluate(([n, i, t]) => (globalThis as any).onewindow.invoke(n, i, t), [name, input, token] as const)) as {
    ok: boolean;
    result?: T;
    error?: unknown;
  };
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
  return res.result as T;
}

test('starts on a fresh data folder, creates the administrator and signs in', async () => {
  test.skip(!electronFound.path, electronFound.reason ?? '');
  await expect(page).toHaveTitle(/一窗受理/);
  const setup = page.getByRole('form', { name: '首次设置' });
  await expect(setup).toBeVisible();
  await setup.getByLabel('姓名').fill(ADMIN.displayName);
  await setup.getByLabel('密码（至少 8 位）').fill(ADMIN.password);
  await setup.getByLabel('再次输入密码').fill(ADMIN.password);
  await setup.getByRole('button', { name: '创建管理员并登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(ADMIN.displayName);
  // The database is where ONEWINDOW_DATA_DIR says, not in the user's profile.
  expect(existsSync(join(dataDir, 'onewindow.sqlite'))).toBe(true);
  await page.screenshot({ path: test.info().outputPath('desktop-signed-in.png') });
});

test('accepts one case and prints its receipt to a PDF copy in the case archive', async () => {
  test.skip(!electronFound.path, electronFound.reason ?? '');
  let token = (await invoke<{ token: string }>('accounts.login', { username: ADMIN.username, password: ADMIN.password }, null)).token;
  const me = await invoke<{ id: number }>('accounts.me', {}, token);
  await invoke('accounts.update', { id: me.id, roles: ['admin', 'clerk'] }, token);
  token = (await invoke<{ token: string }>('accounts.login', { username: ADMIN.username, password: ADMIN.password }, null)).token;

  const resident = await invoke<{ id: number }>('residents.register', { idNumber: makeId(1), name: '张𠮷' }, token);
  const item = await invoke<{ materials: { key: string; required: boolean; copies: number }[] }>('catalogue.get', { code: 'MZ-GLYY-001' }, token);
  const accepted = await invoke<{ case: { id: number; caseNo: string } }>(
    'cases.intake',
    {
      residentId: resident.id,
      itemCode: 'MZ-GLYY-001',
      values: {},
      materials: item.materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies })),
      decision: 'accept',
      idempotencyKey: `electron-e2e-${Date.now()}`,
    },
    token,
  );
  const { id: caseId, caseNo } = accepted.case;

  const printers = await page.evaluate(() => (globalThis as any).onewindow.printers());
  expect(Array.isArray(printers)).toBe(true);

  const result = (await page.evaluate(
    (request) => (globalThis as any).onewindow.print(request),
    { route: `/print/receipt/${caseId}`, mode: 'pdf', pdfCopy: { caseNo } },
  )) as { printed: boolean; pdfPath: string | null; message: string | null };
  expect(result.message).toBeNull();
  expect(result.pdfPath).not.toBeNull();
  const rel = relative(dataDir, result.pdfPath!).split(sep);
  expect(rel.slice(0, 1)).toEqual(['archive']);
  expect(rel[1]).toMatch(/^\d{4}$/);
  expect(rel[2]).toBe(caseNo);
  expect(rel[3]).toMatch(/^receipt-\d{8}-\d{6}\.pdf$/);
  expect(readFileSync(result.pdfPath!).subarray(0, 5).toString()).toBe('%PDF-');
  test.info().attachments.push({ name: 'receipt.pdf', path: result.pdfPath!, contentType: 'application/pdf' });

  const pdftotext = spawnSync('pdftotext', ['-layout', result.pdfPath!, '-'], { encoding: 'utf8' });
  if (pdftotext.status === 0) {
    expect(pdftotext.stdout).toContain(caseNo);
    expect(pdftotext.stdout).toContain('张𠮷');
  } else {
    test.info().annotations.push({ type: 'note', description: '未安装 pdftotext（poppler-utils），未核对 PDF 文字' });
  }

  // A document route may not print more documents or reach the printers.
  const refused = (await page.evaluate(() => (globalThis as any).onewindow.print({ route: '/admin', mode: 'dialog' }))) as { message: string };
  expect(refused.message).toBe('只能打印 /print/ 下的文书页面');
});

test('quits with the WAL folded back into the database file', async () => {
  test.skip(!electronFound.path, electronFound.reason ?? '');
  await app!.close();
  app = undefined;
  const wal = join(dataDir, 'onewindow.sqlite-wal');
  expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
});
