/**
 * Desktop host: windows, menus, printing and the packaged UI on app://. The application
 * core (createApp: the database, the dispatcher, the daily backup and export schedule)
 * runs in a utilityProcess of its own (electron/core-process.ts): this process only
 * forwards each window's invoke to it over a MessagePort, so a long handler never freezes
 * a window. A start-up error window shows when the database cannot be opened, and the
 * main window says so when the core process stops. Everything that can be decided
 * without Electron lives in small modules beside this one, with unit tests.
 *
 * How this computer runs (run-mode.ts): standalone (the above); server (the same, and the
 * core process also serves the centre's network: server-tray.ts keeps it running when the
 * window closes); client (no core process and no database here: every call goes to the
 * centre server over client-mode.ts's link).
 */
import {
  app,
  BrowserWindow,
  Menu,
  dialog,
  ipcMain,
  MessageChannelMain,
  net,
  protocol,
  screen,
  session,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
  type UtilityProcess,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backupsDirFor } from '../db/src/backups/files';
import { CoreExitedError, createCoreClient, type CoreClient } from './core-client';
import type { CoreStart, CoreStatus } from './core-protocol';
import { electronLink } from './core-link';
import { safeStorageProtect, startClientMode, type ClientMode } from './client-mode';
import { createInflight, createQuitGate, ShuttingDownError } from './inflight';
import { buildMenuTemplate } from './menu';
import { resolveDataLocation } from './paths';
import { effectiveRunMode, readRunMode } from './run-mode';
import { registerRunModeIpc } from './run-mode-ipc';
import { createServerTray } from './server-tray';
import { printInHiddenWindow } from './print-window';
import { choosePrinter, parsePrintRequest, type PrintResult } from './printing';
import {
  APP_ORIGIN,
  APP_SCHEME,
  DESKTOP_CSP,
  INVOKE_CHANNEL,
  PRINTERS_CHANNEL,
  PRINT_CHANNEL,
  PRINT_WINDOW_REMOTE_HANDLERS,
  CHANGES_CHANNEL,
  CONNECTION_CHANNEL,
  STARTUP_CHANNEL,
  appUrlToRelativeFile,
  channelAllowed,
  isOwnAppUrl,
  isSafeExternalUrl,
  permissionAllowed,
  requestKeyOf,
  senderRole,
  RATE_WINDOW_HANDLERS,
  type SenderRole,
} from './security';
import { coreStoppedDialog, coreStoppedScreen, parseStartupAction, startupHtmlDataUrl, type StartupScreen } from './startup-screen';
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
/** the core process's bundle, built beside this one by build/build-electron.mjs */
const coreProcessPath = join(__dirname, 'core-process.cjs');
/** How long quitting waits for a save or a backup that is under way. */
const QUIT_DRAIN_MS = 15_000;
/** How long closing the core process may take (it waits QUIT_DRAIN_MS for its own jobs) before it is ended. */
const CORE_CLOSE_MS = QUIT_DRAIN_MS + 10_000;


function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const demo = process.argv.includes('--demo');
/** standalone, server or client: the file the person chose, or `--server` on the command line */
let runMode = effectiveRunMode(readRunMode(app.getPath('userData')), process.argv);
const mode = runMode.config.mode;
const location = resolveDataLocation({
  dbArg: argValue('--db'),
  dataDirArg: argValue('--data-dir'),
  demo,
  userDataDir: app.getPath('userData'),
});

/** The core process and what it last said about its state (null until its first answer). */
interface RunningCore {
  child: UtilityProcess;
  client: CoreClient;
  status: CoreStatus | null;
  /** closed on purpose (retry, quit): its exit is no accident */
  closing: boolean;
}
let core: RunningCore | null = null;
/** client mode only: the link to the centre server */
let client: ClientMode | null = null;
/** server mode: closing the window hides it (the tray keeps the server) unless quitting */
let quitting = false;
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
  close: async (result) => {
    if (result === 'timeout') console.error(`[onewindow] 退出时仍有 ${inflight.pending} 个操作未完成，已等待 ${QUIT_DRAIN_MS / 1000} 秒`);
    // The core's close waits for its backup or export and checkpoints the WAL, so the
    // folder can be copied as it is.
    client?.link.close();
    await stopCore();
  },
});

// Each BrowserWindow spells out its webPreferences literally (main, start-up error, print
// window), rather than sharing a helper, so that electronegativity can see and check them.

function roleOf(event: IpcMainInvokeEvent): SenderRole | null {
  const frame = event.senderFrame;
  return senderRole(
    { webContentsId: event.sender.id, frameUrl: frame?.url, isMainFrame: !!frame && frame.parent === null },
    {
      mainId: mainWindow?.webContents.id ?? null,
      printIds: printWindowIds,
      startupId: startupWindow?.webContents.id ?? null,
      rateId: ratingWindow && !ratingWindow.isDestroyed() ? ratingWindow.webContents.id : null,
    },
  );
}

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } } as const;

// --- windows --------------------------------------------------------------------------

/**
 * 评价屏 (#19): the resident-facing rating page (/rate) full screen on the counter's second
 * display, for the window named by `--rate-window=3` (or ONEWINDOW_RATE_WINDOW). Nothing
 * without both. Untested here (no second display in the test machine); the page itself is
 * tested in browser mode (tests/e2e/ratings.spec.ts). It calls the core without a session,
 * so the clerk's sign-in never reaches the resident's rating.
 */
let ratingWindow: BrowserWindow | null = null;
function openRatingWindow(): void {
  const windowNo = (process.argv.find((a) => a.startsWith('--rate-window='))?.slice('--rate-window='.length) ?? process.env.ONEWINDOW_RATE_WINDOW ?? '').trim();
  const primary = screen.getPrimaryDisplay();
  const second = screen.getAllDisplays().find((d) => d.id !== primary.id);
  if (!windowNo || !second || (ratingWindow && !ratingWindow.isDestroyed())) return;
  const win = new BrowserWindow({
    ...second.bounds,
    fullscreen: true,
    frame: false,
    title: '服务评价',
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
  win.on('closed', () => {
    if (ratingWindow === win) ratingWindow = null;
  });
  // it goes with the main window, so that closing that still quits
  mainWindow?.once('closed', () => win.close());
  void win.loadURL(`${APP_ORIGIN}/rate?window=${encodeURIComponent(windowNo)}`);
  ratingWindow = win;
}

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
  if (mode === 'server') {
    win.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      win.hide();
    });
  }
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // A page (re)loaded while the centre is unreachable learns it at once, not at the next change.
  win.webContents.on('did-finish-load', () => {
    if (client?.link.state === 'offline') win.webContents.send(CONNECTION_CHANNEL, 'offline');
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

// --- start-up and the core process ----------------------------------------------------

/** Shows what the core's state calls for: the main window, or the start-up window's screen. */
function showStatus(running: RunningCore, status: CoreStatus): void {
  if (core !== running) return;
  running.status = status;
  if (status.mode === 'ready') {
    if (mode === 'server') void reportCentreHost(running);
    if (mainWindow) return;
    const old = startupWindow;
    startupWindow = null;
    startupScreen = null;
    // The main window first, so that closing the last other window does not quit.
    mainWindow = createMainWindow();
    openRatingWindow();
    old?.destroy();
  } else {
    // The start-up window first, so that closing the main window does not quit.
    const main = mainWindow;
    mainWindow = null;
    showStartupScreen(status.screen);
    main?.destroy();
  }
}

function showStartupScreen(screen: StartupScreen): void {
  console.error(screen.message);
  const old = startupWindow;
  startupScreen = screen;
  startupWindow = new BrowserWindow({
    width: 920,
    height: 680,
    title: `一窗受理：${screen.title}`,
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
  void win.loadURL(startupHtmlDataUrl(screen));
  old?.destroy();
}

/**
 * Starts the core process (as Actual Budget starts its server: utilityProcess.fork of a
 * bundle beside main) and hands it one end of a MessageChannelMain. The windows appear
 * once it has said whether the database opened.
 */
function startCore(): void {
  const { port1, port2 } = new MessageChannelMain();
  const child = utilityProcess.fork(coreProcessPath, [], { serviceName: '一窗受理数据服务', stdio: 'inherit' });
  const running: RunningCore = { child, client: createCoreClient(electronLink(port2)), status: null, closing: false };
  core = running;
  running.client.onStatus((status) => showStatus(running, status));
  running.client.onChange((change) => mainWindow?.webContents.send(CHANGES_CHANNEL, change));
  child.on('exit', (code) => {
    // Every call still waiting gets a typed error instead of hanging.
    running.client.exit(code);
    if (running.closing || core !== running) return;
    core = null;
    coreStopped(code);
  });
  const start: CoreStart = {
    config: {
      dbPath: location.dbPath,
      dataDir: location.dataDir,
      migrationsDir,
      demo,
      statePath: join(app.getPath('userData'), 'scheduler-state.json'),
      closeTimeoutMs: QUIT_DRAIN_MS,
      ...(mode === 'server' ? { centre: { ...(runMode.config.listen ? { listen: runMode.config.listen } : {}), staticDir: rendererDir } } : {}),
    },
  };
  child.postMessage(start, [port1]);
  running.client.status().then(
    (status) => showStatus(running, status),
    () => {
      // it exited before answering: its exit handler shows that
    },
  );
}

/** Server mode: the host starts after the database; a failure (a taken port) is said on screen. */
async function reportCentreHost(running: RunningCore): Promise<void> {
  for (let i = 0; i < 120 && core === running; i++) {
    const info = await running.client.centre().catch(() => null);
    if (info && 'error' in info) {
      const options = { type: 'error' as const, title: '中心服务器未能启动', message: info.error, detail: '本机仍可单机使用；其他电脑暂时无法连接。请在“管理 → 运行方式”中更改监听地址，或关闭占用端口的程序后重新启动。', buttons: ['确定'] };
      void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
      return;
    }
    if (info) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Closes the core process (its services, its jobs, the WAL) and ends it. */
async function stopCore(): Promise<void> {
  const running = core;
  if (!running) return;
  core = null;
  running.closing = true;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([running.client.close(), new Promise((resolve) => (timer = setTimeout(resolve, CORE_CLOSE_MS)))]);
  } catch (err) {
    if (!(err instanceof CoreExitedError)) console.error(`[onewindow] 关闭数据服务时出错：${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    running.child.kill();
  }
}

/** The core process ended on its own: say so on the window, in Chinese, and offer a restart. */
function coreStopped(exitCode: number): void {
  console.error(`[onewindow] 数据服务意外停止（退出代码 ${exitCode}）`);
  const main = mainWindow;
  if (!main) {
    showStartupScreen(coreStoppedScreen({ dbPath: location.dbPath, dataDir: location.dataDir, exitCode }));
    return;
  }
  const notice = coreStoppedDialog(exitCode);
  void dialog.showMessageBox(main, { type: 'error', ...notice, defaultId: 0, cancelId: 1 }).then(({ response }) => {
    if (response !== 0) {
      app.quit();
      return;
    }
    startCore();
    // The new core knows no session: the page starts again at the sign-in.
    if (!main.isDestroyed()) main.webContents.reload();
  });
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
    case 'retry':
      // The start-up window stays until the new core's state replaces it.
      await stopCore();
      startCore();
      return { ok: true };
    case 'restore': {
      const running = core;
      if (running?.status?.mode !== 'recovery' || !startupWindow) return { ok: false, message: '恢复功能不可用' };
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
      // On success the core says 'ready' and the main window replaces this one.
      const res = await running.client.invoke('recovery.restore', { file: action.file, username: action.username, password: action.password }, null, 'startup');
      return res.ok ? { ok: true } : { ok: false, message: res.error.message };
    }
  }
}

// --- IPC ------------------------------------------------------------------------------

/** A call of main's own (the run-mode check), wherever this computer's data lives. */
async function invokeHere(name: string, input: unknown, token: string | null) {
  if (client) return client.link.invoke(name, input, token);
  return core ? core.client.invoke(name, input, token, 'main').catch(() => null) : null;
}

function registerIpc(): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown, sessionToken: unknown, rawRequestKey: unknown) => {
    const role = roleOf(event);
    if (!channelAllowed(INVOKE_CHANNEL, role)) return FORBIDDEN;
    if (typeof name !== 'string') return { ok: false, error: { code: 'VALIDATION', message: '功能名无效' } };
    // Client mode: the call goes to the centre server (retried there across network failures).
    const link = client?.link;
    const running = core;
    if (!link && !running) return { ok: false, error: { code: 'CONFLICT', message: '数据库尚未打开' } };
    let token = typeof sessionToken === 'string' ? sessionToken : null;
    const requestKey = requestKeyOf(rawRequestKey);
    if (role === 'main') mainSessionToken = token;
    else if (role === 'rate') {
      if (!RATE_WINDOW_HANDLERS.has(name)) return FORBIDDEN;
      token = null;
    } else {
      // The core process checks the rest: a print window may call read handlers only. The
      // centre's handler kinds are the server's: a print window calls what a document reads.
      if (link && !PRINT_WINDOW_REMOTE_HANDLERS.has(name)) return FORBIDDEN;
      token = mainSessionToken;
    }
    try {
      return await inflight.track(() => (link ? link.invoke(name, input, token, requestKey) : running!.client.invoke(name, input, token, role === 'print' ? 'print' : 'main', requestKey)));
    } catch (err) {
      if (err instanceof ShuttingDownError) return { ok: false, error: { code: 'CONFLICT', message: err.message } };
      if (err instanceof CoreExitedError) return { ok: false, error: err.toBody() };
      throw err;
    }
  });

  registerRunModeIpc({
    allowed: (event, channel) => channelAllowed(channel, roleOf(event)),
    stored: () => runMode,
    keep: (stored) => (runMode = stored),
    userDataDir: app.getPath('userData'),
    protect: safeStorageProtect,
    server: async () => {
      const info = core ? await core.client.centre() : null;
      return info && !('error' in info) ? info : null;
    },
    changeFacts: async () => {
      const offline = client?.link.state === 'offline';
      // Offline, a call to the centre would wait for it: the answer is "not now" anyway.
      const me = mainSessionToken && !offline ? await invokeHere('accounts.me', {}, mainSessionToken) : null;
      const roles = me?.ok ? ((me.result as { roles?: string[] }).roles ?? null) : null;
      return { roles, deviceRefused: client?.deviceRefused ?? false, offline };
    },
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
    win.show();
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
    if (mode === 'client' && runMode.config.client) {
      // No database here: the window opens at once and talks to the centre server.
      try {
        client = startClientMode(runMode.config.client, () => mainWindow);
      } catch (err) {
        // The sealed credential cannot be opened (another Windows account, a new keyring):
        // the page offers the choice again, and pairing again needs no administrator.
        runMode = { chosen: false, config: { mode: 'client' } };
        dialog.showErrorBox('无法读取本机保存的设备凭据', `${(err as Error).message}\n请重新选择运行方式并与中心服务器重新配对。`);
      }
      mainWindow = createMainWindow();
    } else {
      startCore();
    }
    if (mode === 'server') {
      createServerTray({
        iconPath: join(__dirname, 'tray.png'),
        show: () => {
          mainWindow?.show();
          mainWindow?.focus();
        },
        quit: () => app.quit(),
      });
    }
  });

  // A server keeps serving in the tray when its window is closed.
  app.on('window-all-closed', () => mode !== 'server' && app.quit());

  app.on('before-quit', (event) => {
    quitting = true;
    if (quitGate.request() === 'allow') return;
    event.preventDefault();
    void quitGate.whenClosed?.finally(() => app.quit());
  });
}
