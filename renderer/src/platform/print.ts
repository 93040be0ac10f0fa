/**
 * Printing a document route (e.g. `/print/receipt/42`) from anywhere in the UI.
 * Desktop: the shell loads the route in a hidden window, prints it (system dialog or
 * silently to a chosen printer) and can keep a PDF copy in the case's archive folder.
 * Browser mode: the route opens in a new tab and, once the page marks itself ready
 * (`document.body.dataset.printReady = 'true'`), prints with the browser's own dialog.
 */

import type { OneWindowBridge, PrintMode, PrintResult, PrinterInfo } from '../../../electron/bridge';

export type { PrintMode, PrinterInfo };

export interface PrintOptions {
  /** default 'dialog'; 'pdf' only saves the archive copy (needs pdfCopy) */
  mode?: PrintMode;
  /** silent mode: the printer's system name (see listPrinters); none means the default printer */
  printer?: string;
  /** desktop only: keep a PDF copy under <data folder>/archive/<year>/<caseNo>/ */
  pdfCopy?: { caseNo: string };
}

export type PrintOutcome = PrintResult;

function bridge(): OneWindowBridge | null {
  return window.onewindow ?? null;
}

export async function printDocument(route: string, options: PrintOptions = {}): Promise<PrintOutcome> {
  if (!route.startsWith('/print/')) throw new Error(`不是文书页面：${route}`);
  const desktop = bridge();
  if (desktop) {
    const request = { route, mode: options.mode ?? 'dialog', ...(options.printer ? { printer: options.printer } : {}), ...(options.pdfCopy ? { pdfCopy: options.pdfCopy } : {}) };
    return await desktop.print(request);
  }
  // Same origin, so the opener can watch the page fill in and print it when it is ready.
  const win = window.open(route, '_blank');
  if (!win) return { printed: false, pdfPath: null, message: '浏览器阻止了打印窗口，请允许本页面打开新窗口' };
  const deadline = Date.now() + 15_000;
  while (!win.closed && win.document?.body?.dataset.printReady !== 'true') {
    if (Date.now() > deadline) return { printed: false, pdfPath: null, message: '文书页面未能在 15 秒内准备好，未打印' };
    await new Promise((r) => setTimeout(r, 100));
  }
  if (win.closed) return { printed: false, pdfPath: null, message: '打印窗口已关闭' };
  win.focus();
  win.print();
  return { printed: true, pdfPath: null, message: null };
}

export async function listPrinters(): Promise<PrinterInfo[]> {
  const desktop = bridge();
  return desktop ? await desktop.printers() : [];
}
