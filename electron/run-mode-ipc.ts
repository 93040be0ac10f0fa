/**
 * Electron glue of 运行方式: the main window asks how this computer runs and changes it
 * (window.onewindow.runMode). The decisions (what the page may send, who may change it,
 * pairing, the file) are in run-mode.ts, tested without Electron; after a change the app
 * starts again in the new mode.
 */
import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Protect } from './client/centre-link';
import { chooseRunMode, relaunchArgs, restartNeeded, runModeChangeAllowed, runModeState, type StoredRunMode } from './run-mode';
import { RUN_MODE_CHOOSE_CHANNEL, RUN_MODE_GET_CHANNEL } from './security';

export interface RunModeIpcDeps {
  /** whether the sender may use the channel (security.ts channelAllowed on its role) */
  allowed(event: IpcMainInvokeEvent, channel: string): boolean;
  /** the run mode of this start (not chosen when the stored pairing could not be used) */
  stored(): StoredRunMode;
  /** the choice was kept and this start already runs so: no restart */
  keep(stored: StoredRunMode): void;
  userDataDir: string;
  protect(): Protect;
  /** server mode: where the centre host listens (null while it starts, or when it could not) */
  server(): Promise<{ url: string; fingerprint: string } | null>;
  /** the roles of the main window's session (null: nobody signed in), and the client link's state */
  changeFacts(): Promise<{ roles: readonly string[] | null; deviceRefused: boolean; offline: boolean }>;
}

export function registerRunModeIpc(deps: RunModeIpcDeps): void {
  ipcMain.handle(RUN_MODE_GET_CHANNEL, async (event) => {
    if (!deps.allowed(event, RUN_MODE_GET_CHANNEL)) return null;
    return runModeState(deps.stored(), await deps.server().catch(() => null));
  });

  ipcMain.handle(RUN_MODE_CHOOSE_CHANNEL, async (event, raw: unknown) => {
    if (!deps.allowed(event, RUN_MODE_CHOOSE_CHANNEL)) return { ok: false, message: '拒绝来自未知页面的请求' };
    const facts = await deps.changeFacts();
    const stored = deps.stored();
    const may = runModeChangeAllowed({ chosen: stored.chosen, mode: stored.config.mode, ...facts });
    if (!may.ok) return may;
    const done = await chooseRunMode(raw, { userDataDir: deps.userDataDir, protect: deps.protect() });
    if (!done.ok) return done;
    if (!restartNeeded(stored.config, done.config, process.argv)) {
      deps.keep({ chosen: true, config: done.config });
      return { ok: true };
    }
    // After the answer has reached the page: the quit waits for work under way, then the
    // program starts again in the chosen mode.
    setImmediate(() => {
      app.relaunch({ args: relaunchArgs(process.argv) });
      app.quit();
    });
    return { ok: true };
  });
}
