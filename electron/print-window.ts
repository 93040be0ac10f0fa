/**
 * Electron glue for printing: a hidden window with the main window's secure settings loads
 * the document's route, waits for the page to say its data is there, saves the PDF copy
 * and prints. Every decision is in printing.ts.
 */
import { BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import {
  PDF_OPTIONS,
  READY_PROBE,
  archivePdfPath,
  documentNameFromRoute,
  printOptions,
  printUrl,
  waitUntilReady,
  writeArchivePdf,
  type PrintRequest,
  type PrintResult,
} from './printing';

export interface PrintWindowDeps {
  /** the main window's preload: the document page reads its case through the same bridge */
  preloadPath: string;
  devTools: boolean;
  dataDir: string;
  /** the printer already checked by choosePrinter (silent mode); undefined is the system default */
  deviceName: string | undefined;
  /** lets the IPC sender check know the hidden window, for the time it exists */
  register(webContentsId: number): void;
  unregister(webContentsId: number): void;
  now?: () => Date;
  readyTimeoutMs?: number;
}

function printContents(win: BrowserWindow, options: ReturnType<typeof printOptions>): Promise<{ ok: boolean; reason: string }> {
  return new Promise((resolve) => win.webContents.print(options, (ok, reason) => resolve({ ok, reason })));
}

export async function printInHiddenWindow(request: PrintRequest, deps: PrintWindowDeps): Promise<PrintResult> {
  const now = deps.now ?? (() => new Date());
  // A4 at 96 dpi, so a page measured in millimetres lays out as it prints.
  const win = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    // The main window's settings: the document is our own page, but nothing about it is trusted more.
    webPreferences: {
      preload: deps.preloadPath,
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
      devTools: deps.devTools,
    },
  });
  const id = win.webContents.id;
  deps.register(id);
  try {
    await win.loadURL(printUrl(request.route));
    const ready = await waitUntilReady({
      probe: async () => (await win.webContents.executeJavaScript(READY_PROBE, false)) === true,
      timeoutMs: deps.readyTimeoutMs ?? 15_000,
      intervalMs: 100,
    });
    if (ready === 'timeout') return { printed: false, pdfPath: null, message: '文书页面未能在 15 秒内准备好，未打印' };

    // Rendered before the print job so the archive holds exactly what went to paper.
    const pdf = request.pdfCopy ? await win.webContents.printToPDF(PDF_OPTIONS) : null;
    let printed = false;
    let message: string | null = null;
    if (request.mode !== 'pdf') {
      const result = await printContents(win, printOptions(request.mode, deps.deviceName));
      printed = result.ok;
      if (!result.ok) message = result.reason === 'cancelled' ? '已取消打印' : `打印失败：${result.reason}`;
    }
    let pdfPath: string | null = null;
    // A cancelled print issued no document, so it leaves nothing in the archive.
    if (pdf && request.pdfCopy && (printed || request.mode === 'pdf')) {
      pdfPath = archivePdfPath({ dataDir: deps.dataDir, caseNo: request.pdfCopy.caseNo, document: documentNameFromRoute(request.route), at: now(), taken: existsSync });
      writeArchivePdf(pdfPath, Buffer.from(pdf));
    }
    return { printed, pdfPath, message };
  } finally {
    deps.unregister(id);
    if (!win.isDestroyed()) win.destroy();
  }
}
