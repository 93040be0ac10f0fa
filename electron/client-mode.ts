/**
 * Electron glue of client mode (连接中心服务器): the device credential sealed with
 * safeStorage, and the centre link's change events and state passed on to the main
 * window. Everything that can be decided without Electron is in client/centre-link.ts
 * (tested against a real centre server); this file only wires it to Electron.
 */
import { dialog, safeStorage, type BrowserWindow } from 'electron';
import type { ApiErrorBody } from '../db/src/kernel/errors';
import { createCentreLink, type CentreLink, type PairedCentre, type Protect } from './client/centre-link';
import { CHANGES_CHANNEL, CONNECTION_CHANNEL } from './security';

/** The operating system's protected storage (DPAPI, Keychain, libsecret): never plain text on disk. */
export function safeStorageProtect(): Protect {
  return {
    encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('本机系统的加密存储不可用，无法保存设备凭据');
      return safeStorage.encryptString(plain).toString('base64');
    },
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

export interface ClientMode {
  link: CentreLink;
  /** the centre refused this device: pairing again is allowed without an administrator */
  readonly deviceRefused: boolean;
}

export function startClientMode(centre: PairedCentre, mainWindow: () => BrowserWindow | null): ClientMode {
  let deviceRefused = false;
  const send = (channel: string, value: unknown) => {
    const win = mainWindow();
    if (win && !win.isDestroyed()) win.webContents.send(channel, value);
  };
  const link = createCentreLink({
    centre,
    protect: safeStorageProtect(),
    onDeviceRefused: (error: ApiErrorBody) => {
      if (deviceRefused) return;
      deviceRefused = true;
      const win = mainWindow();
      const options = { type: 'error' as const, title: '本机已不能连接中心服务器', message: error.message, detail: '请联系管理员，在“管理 → 运行方式”中重新配对本机。', buttons: ['确定'] };
      void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
    },
  });
  link.connection.subscribe((state) => send(CONNECTION_CHANNEL, state));
  // The stream stays open for the whole run: the page subscribes and unsubscribes as it likes.
  link.changes.subscribe((event) => send(CHANGES_CHANNEL, event));
  return {
    link,
    get deviceRefused() {
      return deviceRefused;
    },
  };
}
