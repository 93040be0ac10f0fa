/**
 * Printing decisions without Electron: which routes may be printed, what the print call
 * gets, and where a PDF copy goes in the case's archive folder.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../db/src/database/private-files';
import { APP_ORIGIN } from './security';
import { chinaStamp } from '../db/src/shared/china-time';

import type { PrintRequest } from './bridge';
export type { PrintMode, PrintRequest, PrintResult } from './bridge';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ROUTE = /^\/print\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*(?:\?[A-Za-z0-9_=&%.-]*)?$/;

/** A printable route: below /print/, plain segments, no dot segments, no scheme or host. */
export function isPrintRoute(route: string): boolean {
  if (!ROUTE.test(route) || route.length > 300) return false;
  const path = route.split('?')[0]!;
  return !path.split('/').some((seg) => seg === '.' || seg === '..');
}

/** Checks a print request that came over IPC from the page. */
export function parsePrintRequest(raw: unknown): Parsed<PrintRequest> {
  if (!raw || typeof raw !== 'object') return { ok: false, message: '打印请求无效' };
  const r = raw as Record<string, unknown>;
  if (typeof r.route !== 'string' || !isPrintRoute(r.route)) return { ok: false, message: '只能打印 /print/ 下的文书页面' };
  if (r.mode !== 'dialog' && r.mode !== 'silent' && r.mode !== 'pdf') return { ok: false, message: '打印方式应为 dialog、silent 或 pdf' };
  const request: PrintRequest = { route: r.route, mode: r.mode };
  if (r.printer !== undefined && r.printer !== null && r.printer !== '') {
    if (typeof r.printer !== 'string' || r.printer.length > 200) return { ok: false, message: '打印机名称无效' };
    request.printer = r.printer;
  }
  if (r.pdfCopy !== undefined && r.pdfCopy !== null) {
    const caseNo = (r.pdfCopy as { caseNo?: unknown }).caseNo;
    if (typeof caseNo !== 'string' || !isSafeName(caseNo)) return { ok: false, message: '案件编号不能用作文件夹名' };
    request.pdfCopy = { caseNo };
  }
  if (request.mode === 'pdf' && !request.pdfCopy) return { ok: false, message: '只存 PDF 时必须给出案件编号' };
  return { ok: true, value: request };
}

export function printUrl(route: string): string {
  return `${APP_ORIGIN}${route}`;
}

/** The document's name for the archive file: the segment after /print/ ('receipt'). */
export function documentNameFromRoute(route: string): string {
  return route.split('?')[0]!.split('/')[2] ?? 'document';
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A name that is safe as one folder or file name on Windows and Linux: letters (including
 * Chinese), digits, '-' and '_', no dots, separators, drive letters or reserved device names.
 */
export function isSafeName(name: string): boolean {
  return name.length >= 1 && name.length <= 64 && /^[\p{L}\p{N}_-]+$/u.test(name) && !WINDOWS_RESERVED.test(name);
}

/** 'YYYY' and 'YYYYMMDD-HHmmss' in China time (the archive is read by people in Shanghai). */
export function chinaTimestamp(at: Date): { year: string; stamp: string } {
  const { date, time } = chinaStamp(at);
  return { year: date.slice(0, 4), stamp: `${date}-${time}` };
}

/**
 * `<dataDir>/archive/<yyyy>/<caseNo>/<document>-<timestamp>.pdf`. Throws on a name that
 * could leave the archive folder; `taken` lets the caller add -2, -3 for two prints in
 * one second.
 */
export function archivePdfPath(input: { dataDir: string; caseNo: string; document: string; at: Date; taken?: (path: string) => boolean }): string {
  if (!isSafeName(input.caseNo)) throw new Error(`案件编号“${input.caseNo}”不能用作文件夹名`);
  if (!isSafeName(input.document)) throw new Error(`文书名称“${input.document}”不能用作文件名`);
  const { year, stamp } = chinaTimestamp(input.at);
  const folder = join(input.dataDir, 'archive', year, input.caseNo);
  for (let n = 1; ; n++) {
    const path = join(folder, `${input.document}-${stamp}${n === 1 ? '' : `-${n}`}.pdf`);
    if (!input.taken?.(path)) return path;
  }
}

/**
 * Saves an archive PDF whole or not at all. The archive holds residents' documents: its
 * folders are 0700 and its files 0600 (POSIX).
 */
export function writeArchivePdf(path: string, data: Buffer): void {
  makePrivateDir(dirname(path));
  const temp = `${path}.partial`;
  try {
    writeFileSync(temp, data, { mode: PRIVATE_FILE_MODE });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export interface PrinterFacts {
  name: string;
}

/**
 * The printer a silent print goes to: the one asked for if it still exists; none asked
 * for means the system's default printer (undefined). A name that has disappeared is an
 * error rather than a surprise printer at the next window.
 */
export function choosePrinter(requested: string | undefined, printers: readonly PrinterFacts[]): Parsed<string | undefined> {
  if (printers.length === 0) return { ok: false, message: '本机没有可用的打印机' };
  if (!requested) return { ok: true, value: undefined };
  return printers.some((p) => p.name === requested)
    ? { ok: true, value: requested }
    : { ok: false, message: `找不到打印机“${requested}”，请在设置中重新选择` };
}

/** Options for webContents.print (A4 documents styled in millimetres: no scaling, backgrounds on). */
export function printOptions(mode: 'dialog' | 'silent', deviceName: string | undefined) {
  return {
    silent: mode === 'silent',
    printBackground: true,
    ...(mode === 'silent' && deviceName ? { deviceName } : {}),
    pageSize: 'A4' as const,
    margins: { marginType: 'none' as const },
  };
}

export const PDF_OPTIONS = { pageSize: 'A4', printBackground: true } as const;

/**
 * Waits for the document to say it has its data (`document.body.dataset.printReady`),
 * polling because the page fetches through the core after load. 'timeout' leaves the
 * caller to refuse printing a half-empty page.
 */
export async function waitUntilReady(options: {
  probe: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}): Promise<'ready' | 'timeout'> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  for (;;) {
    if (await options.probe().catch(() => false)) return 'ready';
    if (now() >= deadline) return 'timeout';
    await sleep(options.intervalMs);
  }
}

export const READY_PROBE = "document.body !== null && document.body.dataset.printReady === 'true'";
