/**
 * What the start-up error window says and offers, decided without Electron. The window
 * itself is a self-contained page (no remote content, one inline script allowed by hash)
 * rendered from the screen description here. Nothing on it ever offers to delete data.
 */
import { createHash } from 'node:crypto';
import { chinaMinute } from '../db/src/shared/china-time';

export type StartupProblem = 'too_new' | 'corrupt' | 'unreadable' | 'unwritable' | 'locked' | 'unknown' | 'stopped';

/** The fields of the backups feature's BackupInfo the screen needs (structural: no db/ import). */
export interface BackupSummary {
  file: string;
  kind: string;
  size: number;
  createdAt: string;
  schemaVersion: number | null;
  note: string | null;
}

const UNWRITABLE_ERRNO = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EISDIR', 'EEXIST']);

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  // DatabaseUnreadableError and friends wrap the SQLite or errno error as `cause`.
  for (let depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** Which screen an error from opening the core (or preparing the data folder) leads to. */
export function classifyStartupError(err: unknown): StartupProblem {
  const kind = (err as { kind?: unknown } | null)?.kind;
  const codes = codesOf(err);
  if (kind === 'too_new') return 'too_new';
  if (kind === 'corrupt' || codes.some((c) => c.startsWith('SQLITE_CORRUPT') || c === 'SQLITE_NOTADB')) return 'corrupt';
  // Checked before 'unreadable': a busy file or a read-only folder is not fixed by a restore.
  if (codes.some((c) => c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED'))) return 'locked';
  if (codes.some((c) => UNWRITABLE_ERRNO.has(c) || c.startsWith('SQLITE_READONLY') || c.startsWith('SQLITE_CANTOPEN') || c === 'SQLITE_FULL')) {
    return 'unwritable';
  }
  if (kind === 'unreadable') return 'unreadable';
  return 'unknown';
}

export interface ScreenBackup {
  file: string;
  when: string;
  kindText: string;
  sizeText: string;
  note: string | null;
  restorable: boolean;
  /** why a listed backup cannot be restored */
  why: string | null;
}

export type StartupButton = 'restore' | 'open-folder' | 'retry' | 'quit';

export interface StartupScreen {
  problem: StartupProblem;
  title: string;
  message: string;
  dbPath: string;
  dataDir: string;
  steps: string[];
  backups: ScreenBackup[];
  /** in-app: the 恢复 form talks to the core's recovery API; command: the API is missing here */
  restore: { mode: 'in-app' } | { mode: 'command'; command: string } | null;
  buttons: StartupButton[];
}

export interface StartupScreenInput {
  error: unknown;
  /** the sentence describeOpenError made */
  message: string;
  dbPath: string;
  dataDir: string;
  backups: readonly BackupSummary[];
  programSchemaVersion: number;
  /** whether the core's recovery API (openRecovery) could be set up for this file */
  recoveryAvailable: boolean;
}

const TITLES: Record<StartupProblem, string> = {
  too_new: '数据库来自较新版本的程序',
  corrupt: '数据库文件已损坏',
  unreadable: '无法读取数据库文件',
  unwritable: '数据文件夹无法写入',
  locked: '数据库正被其他程序使用',
  unknown: '一窗受理无法启动',
  stopped: '一窗受理的数据服务已停止',
};

const KIND_TEXT: Record<string, string> = {
  daily: '每日备份',
  manual: '手动备份',
  'pre-migration': '升级前备份',
  'pre-restore': '恢复前备份',
  broken: '损坏文件的原样副本',
};

/** Restoring is offered only where it can help: not for a newer database, a busy file or a read-only folder. */
const RESTORE_HELPS: ReadonlySet<StartupProblem> = new Set(['corrupt', 'unreadable', 'unknown']);

/** 'YYYY-MM-DD HH:mm' China time (shared/china-time.ts), the name the startup screen's callers use. */
export const chinaDateTime = chinaMinute;

export function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function describeBackup(b: BackupSummary, programSchemaVersion: number): ScreenBackup {
  let why: string | null = null;
  if (b.kind === 'broken') why = '这是损坏文件的副本，仅供技术支持分析';
  else if (b.schemaVersion === null || b.schemaVersion === 0) why = '文件头无法识别，不是本程序的数据库';
  else if (b.schemaVersion > programSchemaVersion) why = `来自较新版本的程序（数据库版本 ${b.schemaVersion}）`;
  return {
    file: b.file,
    when: chinaDateTime(b.createdAt),
    kindText: KIND_TEXT[b.kind] ?? b.kind,
    sizeText: sizeText(b.size),
    note: b.note,
    restorable: why === null,
    why,
  };
}

/** The command an administrator runs when this copy of the program cannot restore by itself. */
export function recoveryCommand(dataDir: string): string {
  return `npm run serve -- --data-dir "${dataDir}"`;
}

export function startupScreenFor(input: StartupScreenInput): StartupScreen {
  const problem = classifyStartupError(input.error);
  const backups = input.backups.map((b) => describeBackup(b, input.programSchemaVersion));
  const anyRestorable = backups.some((b) => b.restorable);
  const steps: string[] = [];
  let restore: StartupScreen['restore'] = null;

  switch (problem) {
    case 'too_new':
      steps.push('请安装与该数据库相同或更新版本的一窗受理，再打开程序。', '数据库文件未被改动，无需恢复备份。');
      break;
    case 'locked':
      steps.push('请关闭正在使用该数据库的其他程序（例如浏览器模式的一窗受理或命令行工具），然后点“重试”。');
      break;
    case 'unwritable':
      steps.push(
        '请管理员检查数据文件夹的权限（当前 Windows 用户需要“修改”权限）和磁盘剩余空间，然后点“重试”。',
        '如数据文件夹在网络盘或移动硬盘上，请确认它已连接。',
      );
      break;
    case 'corrupt':
    case 'unreadable':
    case 'unknown':
      if (anyRestorable) {
        steps.push('可以由管理员从下面的备份中选择一份恢复。恢复前会先原样保留当前文件的副本，不会删除任何数据。');
      } else {
        steps.push('没有找到可用的备份。请不要移动或删除数据文件夹，并联系技术支持。');
      }
      break;
  }
  if (RESTORE_HELPS.has(problem) && anyRestorable) {
    restore = input.recoveryAvailable ? { mode: 'in-app' } : { mode: 'command', command: recoveryCommand(input.dataDir) };
    if (restore.mode === 'command') steps.push(`本程序无法在此直接恢复，请管理员在程序目录中运行：${restore.command}，再在浏览器中选择备份。`);
  }

  const buttons: StartupButton[] = [];
  if (restore?.mode === 'in-app') buttons.push('restore');
  buttons.push('open-folder', 'retry', 'quit');
  return { problem, title: TITLES[problem], message: input.message, dbPath: input.dbPath, dataDir: input.dataDir, steps, backups, restore, buttons };
}

/**
 * The start-up window after the core process ended on its own while no main window was
 * open: nothing about the database is known, so only retry, the folder and quit.
 */
export function coreStoppedScreen(input: { dbPath: string; dataDir: string; exitCode: number | null }): StartupScreen {
  return {
    problem: 'stopped',
    title: TITLES.stopped,
    message: `一窗受理的数据服务意外停止${input.exitCode === null ? '' : `（退出代码 ${input.exitCode}）`}，数据库文件没有被删除。`,
    dbPath: input.dbPath,
    dataDir: input.dataDir,
    steps: ['请点“重试”重新启动数据服务。', '如果反复出现，请不要移动或删除数据文件夹，并联系技术支持。'],
    backups: [],
    restore: null,
    buttons: ['open-folder', 'retry', 'quit'],
  };
}

/** The message box on the main window when the core process ended on its own (button 0 restarts it). */
export function coreStoppedDialog(exitCode: number | null): { title: string; message: string; detail: string; buttons: string[] } {
  return {
    title: TITLES.stopped,
    message: `${TITLES.stopped}${exitCode === null ? '' : `（退出代码 ${exitCode}）`}`,
    detail: '刚才正在进行的操作可能没有完成。点“重新启动”后请重新登录，并核对最近一次保存的内容。',
    buttons: ['重新启动', '退出'],
  };
}

// --- the page -------------------------------------------------------------------------

export const STARTUP_BRIDGE = 'onewindowStartup';

export type StartupAction =
  | { action: 'restore'; file: string; username: string; password: string }
  | { action: 'open-folder' }
  | { action: 'retry' }
  | { action: 'quit' };

/** Checks what the error page asked for; a restore may only name a backup the screen offered. */
export function parseStartupAction(raw: unknown, screen: StartupScreen): StartupAction | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  switch (r.action) {
    case 'open-folder':
    case 'retry':
    case 'quit':
      return { action: r.action };
    case 'restore': {
      if (!screen.buttons.includes('restore')) return null;
      const { file, username, password } = r;
      if (typeof file !== 'string' || typeof username !== 'string' || typeof password !== 'string') return null;
      if (!screen.backups.some((b) => b.restorable && b.file === file)) return null;
      if (username.length > 100 || password.length > 200) return null;
      return { action: 'restore', file, username, password };
    }
    default:
      return null;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// The page's only script. It reaches the main process through the startup preload alone.
const PAGE_SCRIPT = `
(function () {
  var bridge = window.${STARTUP_BRIDGE};
  var status = document.getElementById('status');
  function say(text, bad) { status.textContent = text; status.className = bad ? 'status bad' : 'status'; }
  document.querySelectorAll('button[data-action]').forEach(function (b) {
    b.addEventListener('click', function () {
      if (!bridge) return say('程序内部错误：无法联系主程序', true);
      bridge.act({ action: b.getAttribute('data-action') });
    });
  });
  var form = document.getElementById('restore');
  if (form) form.addEventListener('submit', function (e) {
    e.preventDefault();
    var picked = form.querySelector('input[name=file]:checked');
    if (!picked) return say('请先选择一份备份', true);
    var submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    say('正在恢复，请稍候……');
    bridge.act({ action: 'restore', file: picked.value, username: form.username.value, password: form.password.value })
      .then(function (r) { if (r && r.ok) say('已恢复，正在打开程序……'); else { submit.disabled = false; say((r && r.message) || '恢复失败', true); } })
      .catch(function () { submit.disabled = false; say('恢复失败', true); });
  });
})();
`;

export function pageScriptHash(): string {
  return `sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}`;
}

const BUTTON_TEXT: Record<Exclude<StartupButton, 'restore'>, string> = {
  'open-folder': '打开数据文件夹',
  retry: '重试',
  quit: '退出',
};

/** The whole page: inline styles, one inline script allowed by its hash, nothing fetched. */
export function renderStartupHtml(screen: StartupScreen): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src '${pageScriptHash()}'; img-src data:; form-action 'none'; base-uri 'none'`;
  const rows = screen.backups
    .map((b, i) => {
      const pick = screen.buttons.includes('restore') && b.restorable ? `<input type="radio" name="file" value="${escapeHtml(b.file)}" id="b${i}" aria-label="${escapeHtml(b.when)}">` : '';
      return `<tr><td>${pick}</td><td><label for="b${i}">${escapeHtml(b.when)}</label></td><td>${escapeHtml(b.kindText)}</td><td>${escapeHtml(b.sizeText)}</td><td>${escapeHtml(b.note ?? '')}${b.why ? `<span class="why">${escapeHtml(b.why)}</span>` : ''}</td><td class="file">${escapeHtml(b.file)}</td></tr>`;
    })
    .join('');
  const table = screen.backups.length
    ? `<table><thead><tr><th></th><th>时间</th><th>种类</th><th>大小</th><th>说明</th><th>文件</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>备份文件夹中没有备份。</p>';
  const restoreForm =
    screen.restore?.mode === 'in-app'
      ? `<form id="restore" aria-label="从备份恢复"><h2>从备份恢复</h2>${table}
<p>请输入该备份中一位启用的管理员的用户名和密码。</p>
<label>用户名 <input name="username" autocomplete="off" required></label>
<label>密码 <input name="password" type="password" required></label>
<button type="submit">恢复</button></form>`
      : screen.backups.length && screen.restore
        ? `<h2>备份</h2>${table}`
        : '';
  const command = screen.restore?.mode === 'command' ? `<pre>${escapeHtml(screen.restore.command)}</pre>` : '';
  const buttons = screen.buttons
    .filter((b): b is Exclude<StartupButton, 'restore'> => b !== 'restore')
    .map((b) => `<button type="button" data-action="${b}">${BUTTON_TEXT[b]}</button>`)
    .join(' ');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>一窗受理：${escapeHtml(screen.title)}</title>
<style>
body{font-family:"Microsoft YaHei","Noto Sans CJK SC","PingFang SC",sans-serif;margin:24px 32px;color:#1f2933;font-size:15px;line-height:1.6}
h1{font-size:22px;color:#b42318;margin:0 0 12px}h2{font-size:17px;margin:20px 0 8px}
.path{font-family:Consolas,monospace;background:#f4f5f7;padding:2px 6px;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #d0d5dd;padding:4px 8px;text-align:left;font-size:14px}
.file{font-family:Consolas,monospace;font-size:12px;color:#555}.why{display:block;color:#b54708;font-size:12px}
label{margin-right:16px}input{font-size:15px;padding:3px 6px}button{font-size:15px;padding:5px 16px;margin:8px 8px 0 0}
pre{background:#f4f5f7;padding:8px;white-space:pre-wrap}.status{min-height:1.6em;color:#175cd3}.status.bad{color:#b42318}
</style></head><body>
<h1>${escapeHtml(screen.title)}</h1>
<p>${escapeHtml(screen.message)}</p>
<p>数据库文件：<span class="path">${escapeHtml(screen.dbPath)}</span></p>
<ul>${screen.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
${restoreForm}${command}
<p id="status" class="status" role="status"></p>
<div>${buttons}</div>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}

export function startupHtmlDataUrl(screen: StartupScreen): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(renderStartupHtml(screen))}`;
}
