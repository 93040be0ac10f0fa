/**
 * Desktop host: the core's dispatcher behind one IPC channel, the packaged UI on app://.
 * Everything that can be decided without Electron lives in small modules beside this one.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCore, type Core } from '../db/src/core';
import { resolveDataLocation } from './paths';
import { describeOpenError } from './startup-errors';
import { APP_ORIGIN, APP_SCHEME, DESKTOP_CSP, INVOKE_CHANNEL, appUrlToRelativeFile, isOwnAppUrl, isSafeExternalUrl } from './security';

app.setName('OneWindow');
// Same folder as browser mode computes, whatever productName the installer shows.
app.setPath('userData', join(app.getPath('appData'), 'OneWindow'));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    title: '一窗受理',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, (request) => {
      const rel = appUrlToRelativeFile(request.url);
      if (!rel) return new Response('not found', { status: 404 });
      return net.fetch(pathToFileURL(join(rendererDir, rel)).toString()).catch(() =>
        net.fetch(pathToFileURL(join(rendererDir, 'index.html')).toString()),
      );
    });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

    const { dbPath } = resolveDataLocation({
      dbArg: argValue('--db'),
      dataDirArg: argValue('--data-dir'),
      demo: process.argv.includes('--demo'),
      userDataDir: app.getPath('userData'),
    });
    try {
      core = openCore({ dbPath, migrationsDir: join(app.getAppPath(), 'db', 'migrations') });
    } catch (err) {
      dialog.showErrorBox('一窗受理无法启动', describeOpenError(err, dbPath));
      app.quit();
      return;
    }

    ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
      // Only our own page in our own window may reach the records.
      if (!mainWindow || event.sender !== mainWindow.webContents || !isOwnAppUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } };
      }
      if (typeof name !== 'string' || !core) return { ok: false, error: { code: 'VALIDATION', message: '功能名无效' } };
      return core.dispatch(name, input, null);
    });

    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });
}
