/**
 * The shape of the preload bridge (`window.onewindow`), declared once: the preload
 * implements it, the main process answers its channels, and the renderer calls it. Types
 * only, so that the sandboxed preload bundle stays free of our other modules.
 */
import type { ApiResponse } from '../db/src/contract';
import type { ChangeEvent } from '../db/src/kernel/dispatch';

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

export type RunMode = 'standalone' | 'server' | 'client';
export interface RunModeState {
  chosen: boolean;              // false at the very first start: the renderer shows the chooser
  mode: RunMode;
  client?: { url: string; deviceName: string; fingerprint: string }; // client mode: the server it is paired with
  server?: { url: string; fingerprint: string; listen: string };    // server mode: where it listens
}
export type RunModeChoice =
  | { mode: 'standalone' }
  | { mode: 'server'; listen?: string }
  | { mode: 'client'; url: string; code: string; fingerprint: string };

export interface OneWindowBridge {
  /**
   * one named handler of the core, as the signed-in session (or none); `requestKey` is a
   * random UUID made once per logical call and re-sent unchanged on every retry of it
   */
  invoke(name: string, input: unknown, sessionToken: string | null, requestKey?: string): Promise<ApiResponse<unknown>>;
  print(request: PrintRequest): Promise<PrintResult>;
  printers(): Promise<PrinterInfo[]>;
  runMode?: { get(): Promise<RunModeState>; choose(choice: RunModeChoice): Promise<{ ok: true } | { ok: false; message: string }> };
  /** client mode: change events from the server, and whether the link is up */
  changes?: { subscribe(listener: (event: ChangeEvent) => void): () => void };
  connection?: { subscribe(listener: (state: 'online' | 'offline') => void): () => void };
}

declare global {
  interface Window {
    /** present in the desktop app only; browser mode talks HTTP to the host instead */
    onewindow?: OneWindowBridge;
  }
}
