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
const RUN_MODE_GET_CHANNEL = 'onewindow:run-mode:get';
const RUN_MODE_CHOOSE_CHANNEL = 'onewindow:run-mode:choose';
const CHANGES_CHANNEL = 'onewindow:changes';
const CONNECTION_CHANNEL = 'onewindow:connection';

/** A listener for what main sends on `channel`; the page gets the value only, never the IPC event. */
function subscribeTo<T>(channel: string, listener: (value: T) => void): () => void {
  const handler = (_event: unknown, value: T) => listener(value);
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

const bridge: OneWindowBridge = {
  invoke: (name, input, sessionToken, requestKey) => {
    if (typeof name !== 'string') return Promise.reject(new Error('handler name must be a string'));
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, input, typeof sessionToken === 'string' ? sessionToken : null, typeof requestKey === 'string' ? requestKey : undefined);
  },
  // The main process checks the request again (parsePrintRequest): the page is not trusted.
  print: (request) => ipcRenderer.invoke(PRINT_CHANNEL, request),
  printers: () => ipcRenderer.invoke(PRINTERS_CHANNEL),
  runMode: {
    get: () => ipcRenderer.invoke(RUN_MODE_GET_CHANNEL),
    // main checks the choice again (run-mode.ts parseRunModeChoice) and who may make it
    choose: (choice) => ipcRenderer.invoke(RUN_MODE_CHOOSE_CHANNEL, choice),
  },
  // client mode: main sends the centre's change events and the link's state
  changes: { subscribe: (listener) => subscribeTo(CHANGES_CHANNEL, listener) },
  connection: { subscribe: (listener) => subscribeTo(CONNECTION_CHANNEL, listener) },
};

contextBridge.exposeInMainWorld('onewindow', bridge);
