/**
 * The one narrow bridge between the sandboxed page and the main process: invoke a named
 * handler of the core, print a document route, list printers. Nothing else of Node or
 * Electron reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { OneWindowBridge } from './bridge';

// Repeated here rather than imported: a sandboxed preload cannot load our other modules.
const INVOKE_CHANNEL = 'onewindow:invoke';
const PRINT_CHANNEL = 'onewindow:print';
const PRINTERS_CHANNEL = 'onewindow:printers';

const bridge: OneWindowBridge = {
  invoke: (name, input, sessionToken, requestKey) => {
    if (typeof name !== 'string') return Promise.reject(new Error('handler name must be a string'));
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, input, typeof sessionToken === 'string' ? sessionToken : null, typeof requestKey === 'string' ? requestKey : undefined);
  },
  // The main process checks the request again (parsePrintRequest): the page is not trusted.
  print: (request) => ipcRenderer.invoke(PRINT_CHANNEL, request),
  printers: () => ipcRenderer.invoke(PRINTERS_CHANNEL),
};

contextBridge.exposeInMainWorld('onewindow', bridge);
