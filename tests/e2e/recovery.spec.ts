import { spawnSync } from 'node:child_process';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ADMIN, expect, startApp, test } from './support/app';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(dbPath: string, args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', '--db', dbPath, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password },
  });
  if (res.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

test('a damaged database opens the recovery screen, which restores a backup with an administrator of that backup', async ({ page }) => {
  const app = await startApp((dbPath) => {
    cli(dbPath, ['accounts.setup', JSON.stringify(ADMIN)]);
    cli(dbPath, ['--user', ADMIN.username, 'settings.update', JSON.stringify({ centreName: '恢复演练街道社区事务受理服务中心' })]);
    cli(dbPath, ['--user', ADMIN.username, 'backups.create', JSON.stringify({ note: '演练' })]);
    // Damage the middle of the file, as a failing disk would.
    const size = statSync(dbPath).size;
    const fd = openSync(dbPath, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
  });
  try {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: '一窗受理无法打开数据库' })).toBeVisible();
    await expect(page.getByRole('alert').first()).toContainText('数据库文件损坏');
    await expect(page.getByRole('alert').first()).toContainText('文件未被改动');
    const form = page.getByRole('form', { name: '从备份恢复' });
    await form.getByRole('radio').first().check();
    await form.getByLabel('管理员用户名').fill(ADMIN.username);
    await form.getByLabel('密码').fill('wrong-password');
    await form.getByLabel(/我知道恢复后/).check();
    await form.getByRole('button', { name: '恢复所选备份' }).click();
    await expect(form.getByRole('alert')).toContainText('用户名或密码错误');
    await page.screenshot({ path: test.info().outputPath('recovery.png'), fullPage: true });

    await form.getByLabel('密码').fill(ADMIN.password);
    await form.getByRole('button', { name: '恢复所选备份' }).click();
    // Restored: the normal sign-in screen, and the data from the backup is there.
    await expect(page.getByRole('form', { name: '登录' })).toBeVisible();
    const settings = await app.api('settings.get');
    expect(settings.centreName).toBe('恢复演练街道社区事务受理服务中心');
  } finally {
    await app.stop();
  }
});
