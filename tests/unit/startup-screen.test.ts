import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, DatabaseUnreadableError } from '../../db/src/database/open';
import { DatabaseCorruptError } from '../../db/src/backups/integrity';
import { ensureWritableDataDir } from '../../electron/data-dir';
import {
  classifyStartupError,
  coreStoppedDialog,
  coreStoppedScreen,
  pageScriptHash,
  parseStartupAction,
  renderStartupHtml,
  startupHtmlDataUrl,
  startupScreenFor,
  type BackupSummary,
  type StartupScreenInput,
} from '../../electron/startup-screen';

const errno = (code: string) => Object.assign(new Error(`${code}: refused`), { code });
const sqlite = (code: string) => Object.assign(new Error(code), { code });

const daily: BackupSummary = { file: 'onewindow-20261121-090000-daily.sqlite', kind: 'daily', size: 5_500_000, createdAt: '2026-11-21T01:00:00.000Z', schemaVersion: 5, note: null };
const newer: BackupSummary = { ...daily, file: 'onewindow-20261120-090000-manual.sqlite', kind: 'manual', schemaVersion: 9, note: '升级试验' };
const broken: BackupSummary = { ...daily, file: 'onewindow-20261122-080000-broken.sqlite', kind: 'broken' };

function input(error: unknown, backups: BackupSummary[] = [daily], recoveryAvailable = true): StartupScreenInput {
  return { error, message: `无法打开数据库：${(error as Error).message}`, dbPath: '/data/onewindow.sqlite', dataDir: '/data', backups, programSchemaVersion: 5, recoveryAvailable };
}

describe('which start-up screen for which error', () => {
  it.each([
    [new DatabaseTooNewError(9, 5), 'too_new'],
    [new DatabaseCorruptError(['*** in database main *** Page 7 is never used']), 'corrupt'],
    [new DatabaseUnreadableError('无法读取数据库文件（file is locked）'), 'unreadable'],
    [{ kind: 'corrupt' }, 'corrupt'],
    [errno('EACCES'), 'unwritable'],
    [errno('EROFS'), 'unwritable'],
    [errno('ENOSPC'), 'unwritable'],
    [sqlite('SQLITE_READONLY_DIRECTORY'), 'unwritable'],
    [sqlite('SQLITE_CANTOPEN'), 'unwritable'],
    [sqlite('SQLITE_BUSY'), 'locked'],
    [sqlite('SQLITE_NOTADB'), 'corrupt'],
    [new DatabaseUnreadableError('x', errno('EPERM')), 'unwritable'],
    [new Error('something else'), 'unknown'],
    [null, 'unknown'],
  ])('%s → %s', (err, expected) => {
    expect(classifyStartupError(err)).toBe(expected);
  });

  it('treats a data folder that cannot be created as unwritable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onewindow-dd-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'x');
      let caught: unknown;
      try {
        ensureWritableDataDir(join(file, 'data'));
      } catch (err) {
        caught = err;
      }
      expect(classifyStartupError(caught)).toBe('unwritable');
      expect(() => ensureWritableDataDir(join(dir, 'new', 'data'))).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what each screen offers', () => {
  it('offers restoring a damaged database from a backup, in the app', () => {
    const s = startupScreenFor(input(new DatabaseCorruptError(['bad page'])));
    expect(s.title).toBe('数据库文件已损坏');
    expect(s.buttons).toEqual(['restore', 'open-folder', 'retry', 'quit']);
    expect(s.restore).toEqual({ mode: 'in-app' });
    expect(s.backups).toEqual([expect.objectContaining({ file: daily.file, restorable: true, when: '2026-11-21 09:00', kindText: '每日备份', sizeText: '5.2 MB' })]);
    expect(s.steps.join()).toContain('不会删除任何数据');
  });

  it('tells the administrator the command when the recovery API is not available', () => {
    const s = startupScreenFor(input(new DatabaseCorruptError(['bad page']), [daily], false));
    expect(s.buttons).not.toContain('restore');
    expect(s.restore).toEqual({ mode: 'command', command: 'npm run serve -- --data-dir "/data"' });
    expect(s.steps.join()).toContain('npm run serve -- --data-dir "/data"');
  });

  it('says there is no backup rather than offering a restore', () => {
    const s = startupScreenFor(input(new DatabaseCorruptError(['bad page']), [broken, newer]));
    expect(s.restore).toBeNull();
    expect(s.buttons).toEqual(['open-folder', 'retry', 'quit']);
    expect(s.steps.join()).toContain('没有找到可用的备份');
  });

  it('lists backups it cannot restore with the reason', () => {
    const s = startupScreenFor(input(new DatabaseCorruptError(['bad page']), [daily, newer, broken]));
    expect(s.backups.map((b) => [b.restorable, b.why])).toEqual([
      [true, null],
      [false, '来自较新版本的程序（数据库版本 9）'],
      [false, '这是损坏文件的副本，仅供技术支持分析'],
    ]);
  });

  it('asks for a newer program, not a restore, for a database from a newer program', () => {
    const s = startupScreenFor(input(new DatabaseTooNewError(9, 5)));
    expect(s.restore).toBeNull();
    expect(s.buttons).not.toContain('restore');
    expect(s.steps[0]).toContain('请安装');
  });

  it('asks to fix the folder for an unwritable data folder, and to close the other program for a busy file', () => {
    const unwritable = startupScreenFor(input(errno('EACCES')));
    expect(unwritable.restore).toBeNull();
    expect(unwritable.steps.join()).toContain('权限');
    const locked = startupScreenFor(input(sqlite('SQLITE_BUSY')));
    expect(locked.restore).toBeNull();
    expect(locked.steps.join()).toContain('关闭');
  });

  it('never offers to delete anything', () => {
    const errors = [new DatabaseTooNewError(9, 5), new DatabaseCorruptError(['x']), new DatabaseUnreadableError('x'), errno('EACCES'), sqlite('SQLITE_BUSY'), new Error('x')];
    for (const err of errors) {
      for (const backups of [[], [daily], [daily, newer, broken]]) {
        const s = startupScreenFor(input(err, backups));
        expect(s.buttons.every((b) => ['restore', 'open-folder', 'retry', 'quit'].includes(b))).toBe(true);
        const html = renderStartupHtml(s);
        const buttons = [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
        expect(buttons.every((b) => ['恢复', '打开数据文件夹', '重试', '退出'].includes(b!))).toBe(true);
        expect(html).not.toMatch(/删除(数据|文件|数据库)<\/button>/);
      }
    }
  });
});

describe('the start-up page', () => {
  it('shows the message and the path escaped, fetches nothing, and allows only its own script', () => {
    const s = startupScreenFor({ ...input(new DatabaseCorruptError(['x'])), dbPath: 'C:\\数据\\<b>onewindow.sqlite' });
    const html = renderStartupHtml(s);
    expect(html).toContain('C:\\数据\\&lt;b&gt;onewindow.sqlite');
    expect(html).toContain(`script-src '${pageScriptHash()}'`);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/)/);
    expect(html).toContain(`value="${daily.file}"`);
    expect(startupHtmlDataUrl(s).startsWith('data:text/html;charset=utf-8,')).toBe(true);
  });

  it('accepts only actions the screen offered, for backups it listed as restorable', () => {
    const s = startupScreenFor(input(new DatabaseCorruptError(['x']), [daily, newer]));
    expect(parseStartupAction({ action: 'retry' }, s)).toEqual({ action: 'retry' });
    expect(parseStartupAction({ action: 'restore', file: daily.file, username: 'admin', password: 'p' }, s)).toEqual({
      action: 'restore',
      file: daily.file,
      username: 'admin',
      password: 'p',
    });
    expect(parseStartupAction({ action: 'restore', file: newer.file, username: 'admin', password: 'p' }, s)).toBeNull();
    expect(parseStartupAction({ action: 'restore', file: '../../etc/passwd', username: 'admin', password: 'p' }, s)).toBeNull();
    expect(parseStartupAction({ action: 'delete' }, s)).toBeNull();
    expect(parseStartupAction('quit', s)).toBeNull();
    const tooNew = startupScreenFor(input(new DatabaseTooNewError(9, 5)));
    expect(parseStartupAction({ action: 'restore', file: daily.file, username: 'admin', password: 'p' }, tooNew)).toBeNull();
  });
});

describe('when the core process stops on its own', () => {
  it('the start-up window says so in Chinese and offers a retry, never a restore or a delete', () => {
    const screen = coreStoppedScreen({ dbPath: '/data/onewindow.sqlite', dataDir: '/data', exitCode: 9 });
    expect(screen.problem).toBe('stopped');
    expect(screen.title).toBe('一窗受理的数据服务已停止');
    expect(screen.message).toContain('退出代码 9');
    expect(screen.buttons).toEqual(['open-folder', 'retry', 'quit']);
    expect(screen.restore).toBeNull();
    expect(parseStartupAction({ action: 'retry' }, screen)).toEqual({ action: 'retry' });
    expect(parseStartupAction({ action: 'restore', file: 'x', username: 'a', password: 'b' }, screen)).toBeNull();
    const html = renderStartupHtml(screen);
    expect(html).toContain('数据服务已停止');
    const buttons = [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
    expect(buttons).toEqual(['打开数据文件夹', '重试', '退出']);
  });

  it('the main window asks before restarting it, restart first', () => {
    const notice = coreStoppedDialog(null);
    expect(notice.buttons).toEqual(['重新启动', '退出']);
    expect(notice.message).toBe('一窗受理的数据服务已停止');
    expect(notice.detail).toContain('重新登录');
    expect(coreStoppedDialog(3).message).toContain('退出代码 3');
  });
});
