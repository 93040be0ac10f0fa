/**
 * The one narrow bridge between the sandboxed page and the main process: invoke a named
 * handler of the core. Nothing else of Node or Electron reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';

// Repeated here rather than imported: a sandboxed preload cannot load our other modules.
const INVOKE_CHANNEL = 'onewindow:invoke';

contextBridge.exposeInMainWorld('onewindow', {
  invoke: (name: string, input: unknown): Promise<unknown> => {
    if (typeof name !== 'string') return Promise.reject(new Error('handler name must be a string'));
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, input);
  },
});
