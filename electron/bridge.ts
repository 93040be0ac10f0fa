/**
 * The shape of the preload bridge (`window.onewindow`), declared once: the preload
 * implements it, the main process answers its channels, and the renderer calls it. Types
 * only, so that the sandboxed preload bundle stays free of our other modules.
 */
import type { ApiResponse } from '../db/src/contract';

export type PrintMode = 'dialog' | 'silent' | 'pdf';

export interface PrintRequest {
  /** a renderer route below /print/, e.g. /print/receipt/42 */
  route: string;
  /** dialog: the system dialog; silent: straight to `printer` (or the default one); pdf: only the archive copy */
  mode: PrintMode;
  printer?: string;
  /** save a PDF copy into the case's archive folder */
  pdfCopy?: { caseNo: string };
}

export interface PrintResult {
  printed: boolean;
  /** where the PDF copy was saved */
  pdfPath: string | null;
  /** Chinese reason when nothing was printed (cancelled, printer missing, page not ready) */
  message: string | null;
}

export interface PrinterInfo {
  name: string;
  displayName: string;
  description: string;
}

export interface OneWindowBridge {
  /** one named handler of the core, as the signed-in session (or none) */
  invoke(name: string, input: unknown, sessionToken: string | null): Promise<ApiResponse<unknown>>;
  print(request: PrintRequest): Promise<PrintResult>;
  printers(): Promise<PrinterInfo[]>;
}

declare global {
  interface Window {
    /** present in the desktop app only; browser mode talks HTTP to the host instead */
    onewindow?: OneWindowBridge;
  }
}
