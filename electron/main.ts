/**
 * Desktop host: the core's dispatcher behind one IPC channel, the packaged UI on app://,
 * printing from hidden windows, the daily backup and export schedule, and a start-up
 * error window when the database cannot be opened. Everything that can be decided
 * without Electron lives in small modules beside this one, with unit tests.
 */
import {
  app,
  BrowserWindow,
  Menu,
  dialog,
  ipcMain,
  net,
  protocol,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../db/src/app';
import type { SchedulerState } from '../db/src/services/scheduler';
import { demoNotice, ensureDemoDatabase } from './demo';
import { listBackups } from '../db/src/backups/backups';
import { backupsDirFor } from '../db/src/backups/files';
import { defaultMigrationsDir, latestVersion, loadMigrations } from '../db/src/database/migrations';
import { handlers } from '../db/src/handlers';
import { ensureWritableDataDir } from './data-dir';
import { createInflight, createQuitGate, ShuttingDownError } from './inflight';
import { readJsonFile, writeJsonFileAtomic } from './json-file';
import { buildMenuTemplate } from './menu';
import { resolveDataLocation } from './paths';
import { printInHiddenWindow } from './print-window';
import { choosePrinter, parsePrintRequest, type PrintResult } from './printing';
import {
  APP_ORIGIN,
  APP_SCHEME,
  DESKTOP_CSP,
  INVOKE_CHANNEL,
  PRINTERS_CHANNEL,
  PRINT_CHANNEL,
  STARTUP_CHANNEL,
  appUrlToRelativeFile,
  channelAllowed,
  isOwnAppUrl,
  isSafeExternalUrl,
  permissionAllowed,
  printWindowMayInvoke,
  senderRole,
  type SenderRole,
} from './security';
import { describeOpenError } from './startup-errors';
import { parseStartupAction, startupHtmlDataUrl, startupScreenFor, type BackupSummary, type StartupScreen } from './startup-screen';
import { MIN_SIZE, clampToWorkAreas, loadWindowState, saveWindowState } from './window-state';

app.setName('OneWindow');
// Same folder as browser mode computes, whatever productName the installer shows.
app.setPath('userData', join(app.getPath('appData'), 'OneWindow'));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const development = !app.isPackaged;
const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
const migrationsDir = join(app.getAppPath(), 'db', 'migrations');
const preloadPath = join(__dirname, 'preload.cjs');
const startupPreloadPath = join(__dirname, 'startup-preload.cjs');
/** How long quitting waits for a save or a backup that is under way. */
const QUIT_DRAIN_MS = 15_000;


function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const demo = process.argv.includes('--demo');
const location = resolveDataLocation({
  dbArg: argValue('--db'),
  dataDirArg: argValue('--data-dir'),
  demo,
  userDataDir: app.getPath('userData'),
});

/** the application core (createApp): ready, or in recovery mode behind the start-up window */
let core: App | null = null;
let mainWindow: BrowserWindow | null = null;
let startupWindow: BrowserWindow | null = null;
let startupScreen: StartupScreen | null = null;
const printWindowIds = new Set<number>();
/**
 * The session the main window's page used last (null after sign-out). A print window
 * borrows it: the document route loads its case through the core as the clerk who asked
 * for the print, and only through read handlers.
 */
let mainSessionToken: string | null = null;

const inflight = createInflight();
const quitGate = createQuitGate({
  inflight,
  timeoutMs: QUIT_DRAIN_MS,
  onDrainStart: () => core?.services.stop(),
  close: (result) => {
    if (result === 'timeout') console.error(`[onewindow] 退出时仍有 ${inflight.pending} 个操作未完成，已等待 ${QUIT_DRAIN_MS / 1000} 秒`);
    // core.close checkpoints the WAL, so the folder can be copied as it is.
    core?.close();
    core = null;
  },
});

// Each BrowserWindow spells out its webPreferences literally (main, start-up error, print
// window), rather than sharing a helper, so that electronegativity can see and check them.

function roleOf(event: IpcMainInvokeEvent): SenderRole | null {
  const frame = event.senderFrame;
  return senderRole(
    { webContentsId: event.sender.id, frameUrl: frame?.url, isMainFrame: !!frame && frame.parent === null },
    { mainId: mainWindow?.webContents.id ?? null, printIds: printWindowIds, startupId: startupWindow?.webContents.id ?? null },
  );
}

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } } as const;

// --- windows --------------------------------------------------------------------------

function createMainWindow(): BrowserWindow {
  const saved = loadWindowState(app.getPath('userData'));
  const bounds = clampToWorkAreas(
    saved?.bounds ?? null,
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: '一窗受理',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: development,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = () => {
    if (win.isDestroyed()) return;
    try {
      saveWindowState(app.getPath('userData'), { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      console.warn(`[onewindow] 无法保存窗口位置：${(err as Error).message}`);
    }
  };
  win.on('close', remember);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

function installMenu(): void {
  const template = buildMenuTemplate({
    development,
    platform: process.platform,
    actions: {
      openDataFolder: () => void shell.openPath(location.dataDir),
      openBackupsFolder: () => void shell.openPath(backupsDirFor(location.dbPath)),
      // A native box rather than navigating the page: a reload would sign the clerk out
      // and drop a half-filled form.
      showAbout: () => {
        const options = {
          type: 'info' as const,
          title: '关于一窗受理',
          message: `一窗受理 ${app.getVersion()}`,
          detail: `社区事务受理服务中心一窗受理\n数据文件夹：${location.dataDir}\nElectron ${process.versions.electron}，Chromium ${process.versions.chrome}`,
          buttons: ['确定'],
        };
        void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
      },
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

// --- start-up -------------------------------------------------------------------------

/** What the app tells the host after start: the background check found damage, or a restore worked. */
function onModeChange(mode: 'ready' | 'recovery'): void {
  const c = core;
  if (!c) return; // during createApp: openData looks at the mode itself
  if (mode === 'recovery') {
    // The start-up error window first, so that closing the main window does not quit.
    const main = mainWindow;
    mainWindow = null;
    showStartupError(c.failure?.error);
    main?.destroy();
  } else {
    const old = startupWindow;
    startupWindow = null;
    startupScreen = null;
    // The main window first, so that closing the last other window does not quit.
    mainWindow = createMainWindow();
    old?.destroy();
  }
}

function programSchemaVersion(): number {
  try {
    return latestVersion(loadMigrations(migrationsDir));
  } catch {
    return latestVersion(loadMigrations(defaultMigrationsDir()));
  }
}

function showStartupError(err: unknown): void {
  const message = describeOpenError(err, location.dbPath);
  console.error(message);
  let backups: BackupSummary[] = [];
  // Restoring is offered while the app is in recovery mode (recovery.restore answers).
  const recoveryAvailable = core?.mode === 'recovery';
  try {
    backups = listBackups(backupsDirFor(location.dbPath));
  } catch {
    // no backups folder: the screen says so
  }
  startupScreen = startupScreenFor({
    error: err,
    message,
    dbPath: location.dbPath,
    dataDir: location.dataDir,
    backups,
    programSchemaVersion: programSchemaVersion(),
    recoveryAvailable,
  });
  startupWindow = new BrowserWindow({
    width: 920,
    height: 680,
    title: `一窗受理：${startupScreen.title}`,
    webPreferences: {
      preload: startupPreloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: development,
    },
  });
  const win = startupWindow;
  win.on('closed', () => {
    if (startupWindow === win) startupWindow = null;
  });
  void startupWindow.loadURL(startupHtmlDataUrl(startupScreen));
}

function openData(): void {
  try {
    ensureWritableDataDir(location.dataDir);
    // --demo: the separate demo file, seeded on first use exactly as browser mode seeds it.
    if (demo) for (const line of demoNotice(location.dbPath, ensureDemoDatabase(location.dbPath, { migrationsDir }))) console.log(line);
  } catch (err) {
    showStartupError(err);
    return;
  }
  const statePath = join(app.getPath('userData'), 'scheduler-state.json');
  const opened = createApp({
    dbPath: location.dbPath,
    migrationsDir,
    // The quick_check runs on a worker thread while the clerk signs in.
    integrityCheck: 'background',
    describeOpenError,
    onModeChange,
    services: {
      load: () => (readJsonFile(statePath) as SchedulerState | null) ?? {},
      save: (state) => writeJsonFileAtomic(statePath, state),
      track: (work) => inflight.track(work),
    },
  });
  core = opened;
  if (opened.mode === 'recovery') showStartupError(opened.failure?.error);
  else mainWindow = createMainWindow();
  // Idle in recovery mode; a backup or export missed while the computer was off runs now.
  opened.services.start();
}

async function handleStartupAction(raw: unknown): Promise<{ ok: boolean; message?: string }> {
  if (!startupScreen) return { ok: false, message: '没有待处理的启动错误' };
  const action = parseStartupAction(raw, startupScreen);
  if (!action) return { ok: false, message: '请求无效' };
  switch (action.action) {
    case 'open-folder':
      await shell.openPath(location.dataDir);
      return { ok: true };
    case 'quit':
      app.quit();
      return { ok: true };
    case 'retry': {
      const old = startupWindow;
      core?.close();
      core = null;
      startupWindow = null;
      startupScreen = null;
      openData();
      // Closed after openData so that window-all-closed does not quit in between.
      old?.destroy();
      return { ok: true };
    }
    case 'restore': {
      if (core?.mode !== 'recovery' || !startupWindow) return { ok: false, message: '恢复功能不可用' };
      const choice = await dialog.showMessageBox(startupWindow, {
        type: 'warning',
        title: '从备份恢复',
        message: `用备份“${action.file}”替换当前数据库？`,
        detail: '当前数据库文件会先原样保留一份副本（文件名以 -broken 结尾），不会删除任何数据。备份之后录入的内容需要重新录入。',
        buttons: ['恢复', '取消'],
        defaultId: 1,
        cancelId: 1,
      });
      if (choice.response !== 0) return { ok: false, message: '已取消' };
      const res = await core.dispatch('recovery.restore', { file: action.file, username: action.username, password: action.password });
      return res.ok ? { ok: true } : { ok: false, message: res.error.message };
    }
  }
}

// --- IPC ------------------------------------------------------------------------------

function registerIpc(): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown, sessionToken: unknown) => {
    const role = roleOf(event);
    if (!channelAllowed(INVOKE_CHANNEL, role)) return FORBIDDEN;
    if (typeof name !== 'string') return { ok: false, error: { code: 'VALIDATION', message: '功能名无效' } };
    const c = core;
    if (!c || c.mode !== 'ready') return { ok: false, error: { code: 'CONFLICT', message: '数据库尚未打开' } };
    let token = typeof sessionToken === 'string' ? sessionToken : null;
    if (role === 'main') {
      mainSessionToken = token;
    } else {
      const spec = Object.hasOwn(handlers, name) ? (handlers as Record<string, { kind?: string }>)[name] : undefined;
      if (!printWindowMayInvoke(spec?.kind)) return FORBIDDEN;
      token = mainSessionToken;
    }
    try {
      return await inflight.track(() => c.dispatch(name, input, token));
    } catch (err) {
      if (err instanceof ShuttingDownError) return { ok: false, error: { code: 'CONFLICT', message: err.message } };
      throw err;
    }
  });

  ipcMain.handle(PRINTERS_CHANNEL, async (event) => {
    if (!channelAllowed(PRINTERS_CHANNEL, roleOf(event))) return [];
    const printers = await event.sender.getPrintersAsync();
    return printers.map((p) => ({ name: p.name, displayName: p.displayName, description: p.description }));
  });

  ipcMain.handle(PRINT_CHANNEL, async (event, raw: unknown): Promise<PrintResult> => {
    if (!channelAllowed(PRINT_CHANNEL, roleOf(event))) return { printed: false, pdfPath: null, message: '拒绝来自未知页面的请求' };
    const parsed = parsePrintRequest(raw);
    if (!parsed.ok) return { printed: false, pdfPath: null, message: parsed.message };
    const request = parsed.value;
    let deviceName: string | undefined;
    if (request.mode === 'silent') {
      const chosen = choosePrinter(request.printer, await event.sender.getPrintersAsync());
      if (!chosen.ok) return { printed: false, pdfPath: null, message: chosen.message };
      deviceName = chosen.value;
    }
    try {
      return await inflight.track(() =>
        printInHiddenWindow(request, {
          preloadPath,
          devTools: development,
          dataDir: location.dataDir,
          deviceName,
          register: (id) => printWindowIds.add(id),
          unregister: (id) => printWindowIds.delete(id),
        }),
      );
    } catch (err) {
      return { printed: false, pdfPath: null, message: `打印失败：${(err as Error).message}` };
    }
  });

  ipcMain.handle(STARTUP_CHANNEL, async (event, raw: unknown) => {
    if (!channelAllowed(STARTUP_CHANNEL, roleOf(event))) return { ok: false, message: '拒绝来自未知页面的请求' };
    try {
      return await handleStartupAction(raw);
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  });
}

// --- app lifecycle --------------------------------------------------------------------

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = mainWindow ?? startupWindow;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Our windows show our pages only; the start-up page is a data: URL and goes nowhere.
    const refuse = (event: { preventDefault(): void }, url: string) => {
      if (!isOwnAppUrl(url) || contents.id === startupWindow?.webContents.id) event.preventDefault();
    };
    contents.on('will-navigate', refuse);
    contents.on('will-redirect', refuse);
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const rel = appUrlToRelativeFile(request.url);
      if (!rel) return new Response('not found', { status: 404 });
      const response = await net
        .fetch(pathToFileURL(join(rendererDir, rel)).toString())
        .catch(() => net.fetch(pathToFileURL(join(rendererDir, 'index.html')).toString()));
      // Set here as well as in onHeadersReceived, which custom protocols do not always pass through.
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', DESKTOP_CSP);
      return new Response(response.body, { status: response.status, headers });
    });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => {
      callback(permissionAllowed(permission, details.requestingUrl, details.isMainFrame));
    });
    session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
      permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame ?? false),
    );

    installMenu();
    registerIpc();
    openData();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (quitGate.request() === 'allow') return;
    event.preventDefault();
    void quitGate.whenClosed?.finally(() => app.quit());
  });
}
