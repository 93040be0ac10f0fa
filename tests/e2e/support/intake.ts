/**
 * Helpers of the intake, case and document specs: the counter steps as a clerk takes them,
 * and reading a printed document back as text (page.pdf, then pdftotext from poppler-utils).
 */
import { test, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { HandlerInput } from '../../../db/src/contract';
import { ADMIN, ensureAdmin, expect, nextStaffIdNumber, type RunningApp } from './app';

/** Creates a person with roles and, for clerks, a counter window. */
export async function createStaff(app: RunningApp, username: string, displayName: string, roles: HandlerInput<'accounts.create'>['roles'], windowNo?: string) {
  await ensureAdmin(app);
  const password = `${username}-pass-1`;
  await app.apiAs(ADMIN, 'accounts.create', { username, password, displayName, staffIdNumber: nextStaffIdNumber(), roles, ...(windowNo ? { windowNo } : {}) });
  return { username, password };
}

/** Today in Shanghai as YYYY-MM-DD, plus `days` calendar days. */
export function shanghaiDay(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** 2026-12-04 → 2026年12月4日, as the documents print dates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Searches in the one search box and picks the first result with Enter. */
export async function pickApplicant(page: Page, query: string, name: string) {
  const box = page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容');
  await box.fill(query);
  await box.press('Enter');
  await expect(page.getByRole('table', { name: '查找结果' }).getByTestId('result-name').first()).toHaveText(name);
  await box.press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveText(name);
}

/** Types into the item picker (name, code or pinyin) and takes the first match with Enter. */
export async function pickItem(page: Page, search: string, itemName: string) {
  const input = page.getByRole('combobox', { name: '申请事项' });
  await expect(input).toBeFocused();
  await input.pressSequentially(search);
  await expect(page.getByRole('option').first()).toContainText(itemName);
  await input.press('Enter');
  await expect(page.getByRole('region', { name: '申请表' })).toBeVisible();
}

/** Chooses an option of one of the item form's select fields. */
export async function chooseOption(page: Page, label: string, option: string) {
  await page.getByRole('region', { name: '申请表' }).getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const printCounted = new WeakSet<BrowserContext>();

/**
 * Headless Chromium (156.0.8078.114 on) leaves a page "being printed" after window.print(),
 * with no dialog anyone could close, and page.pdf() on it then fails. In the test's browser
 * every page counts its print requests instead, so a spec can assert that the UI asked the
 * browser to print, and still read the document as PDF.
 */
async function countPrintRequests(context: BrowserContext) {
  if (printCounted.has(context)) return;
  printCounted.add(context);
  await context.addInitScript(() => {
    const w = globalThis as unknown as { print: () => void; __printRequests?: number };
    w.print = () => {
      w.__printRequests = (w.__printRequests ?? 0) + 1;
    };
  });
}

/**
 * Clicks a print button (or takes the given step, e.g. a key press); the document opens in
 * its own window (browser mode), says when it is ready, and the opener asks the browser to
 * print it once.
 */
export async function openPrinted(page: Page, button: string | RegExp | (() => Promise<void>)): Promise<Page> {
  await countPrintRequests(page.context());
  const press = typeof button === 'function' ? button() : page.getByRole('button', { name: button }).click();
  const [popup] = await Promise.all([page.waitForEvent('popup'), press]);
  await expect(popup.locator('body')).toHaveAttribute('data-print-ready', 'true', { timeout: 15_000 });
  await expect.poll(() => popup.evaluate(() => (globalThis as unknown as { __printRequests?: number }).__printRequests ?? 0)).toBe(1);
  return popup;
}

/** The document as printed to A4 PDF, read back as text (layout kept, so a table row stays on one line). */
export async function printedText(doc: Page, pdfPath: string): Promise<{ text: string; pages: number }> {
  const pdf = await doc.pdf({ format: 'A4', printBackground: true });
  writeFileSync(pdfPath, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0) };
}

/** The line of the PDF text that carries a material's row. */
export function rowOf(text: string, name: string): string {
  return text.split('\n').find((l) => l.includes(name)) ?? '';
}

/**
 * A screenshot of the whole screen: the window is made as tall as the page first, so the
 * fixed header stays on top instead of being painted into the middle of a stitched image.
 */
export async function screenShot(page: Page, name: string) {
  const size = page.viewportSize() ?? { width: 1366, height: 860 };
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 4000)) });
  await page.screenshot({ path: test.info().outputPath(name) });
  await page.setViewportSize(size);
}
