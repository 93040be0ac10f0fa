/**
 * The one narrow bridge between the sandboxed page and the main process: invoke a named
 * handler of the core, print a document route, list printers. Nothing else of Node or
 * Electron reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';

// Repeated here rather than imported: a sandboxed preload cannot load our other modules.
const INVOKE_CHANNEL = 'onewindow:invoke';
const PRINT_CHANNEL = 'onewindow:print';
const PRINTERS_CHANNEL = 'onewindow:printers';

contextBridge.exposeInMainWorld('onewindow', {
  invoke: (name: string, input: unknown, sessionToken: string | null): Promise<unknown> => {
    if (typeof name !== 'string') return Promise.reject(new Error('handler name must be a string'));
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, input, typeof sessionToken === 'string' ? sessionToken : null);
  },
  /** { route: '/print/…', mode: 'dialog' | 'silent' | 'pdf', printer?, pdfCopy?: { caseNo } } → { printed, pdfPath, message } */
  print: (request: unknown): Promise<unknown> => ipcRenderer.invoke(PRINT_CHANNEL, request),
  /** [{ name, displayName, description }] */
  printers: (): Promise<unknown> => ipcRenderer.invoke(PRINTERS_CHANNEL),
});
