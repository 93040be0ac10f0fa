/**
 * Preload of the start-up error window only: one function that sends the page's choice
 * (restore a backup, open the folder, retry, quit) to the main process, which checks it.
 */
import { contextBridge, ipcRenderer } from 'electron';

// Repeated here rather than imported: a sandboxed preload cannot load our other modules.
const STARTUP_CHANNEL = 'onewindow:startup';

contextBridge.exposeInMainWorld('onewindowStartup', {
  act: (request: unknown): Promise<unknown> => ipcRenderer.invoke(STARTUP_CHANNEL, request),
});
