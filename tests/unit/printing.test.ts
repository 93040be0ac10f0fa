import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  archivePdfPath,
  choosePrinter,
  documentNameFromRoute,
  isPrintRoute,
  isSafeName,
  parsePrintRequest,
  printOptions,
  printUrl,
  waitUntilReady,
} from '../../electron/printing';

describe('print requests', () => {
  it.each([
    ['/print/receipt/42', true],
    ['/print/notice-once/42?copies=2', true],
    ['/print/receipt', true],
    ['/print/../admin', false],
    ['/print/receipt/../../admin', false],
    ['/print/./receipt', false],
    ['/admin', false],
    ['print/receipt/1', false],
    ['//evil.example/print/x', false],
    ['https://evil.example/print/x', false],
    ['/print/receipt/1#x', false],
    ['/print/receipt\\..\\x', false],
    ['/print/%2e%2e/admin', false],
  ])('route %s printable: %s', (route, ok) => {
    expect(isPrintRoute(route)).toBe(ok);
  });

  it('checks the whole request', () => {
    expect(parsePrintRequest({ route: '/print/receipt/42', mode: 'dialog' })).toEqual({ ok: true, value: { route: '/print/receipt/42', mode: 'dialog' } });
    expect(parsePrintRequest({ route: '/print/receipt/42', mode: 'silent', printer: 'HP LaserJet', pdfCopy: { caseNo: '310101001-20261122-0007' } })).toEqual({
      ok: true,
      value: { route: '/print/receipt/42', mode: 'silent', printer: 'HP LaserJet', pdfCopy: { caseNo: '310101001-20261122-0007' } },
    });
    expect(parsePrintRequest({ route: '/print/receipt/42', mode: 'fax' })).toMatchObject({ ok: false });
    expect(parsePrintRequest({ route: '/settings', mode: 'dialog' })).toMatchObject({ ok: false, message: '只能打印 /print/ 下的文书页面' });
    expect(parsePrintRequest({ route: '/print/receipt/42', mode: 'pdf' })).toMatchObject({ ok: false });
    expect(parsePrintRequest({ route: '/print/receipt/42', mode: 'dialog', pdfCopy: { caseNo: '../x' } })).toMatchObject({ ok: false });
    expect(parsePrintRequest(null)).toMatchObject({ ok: false });
  });

  it('loads the route from the packaged UI and names the document after it', () => {
    expect(printUrl('/print/receipt/42')).toBe('app://onewindow/print/receipt/42');
    expect(documentNameFromRoute('/print/receipt/42')).toBe('receipt');
    expect(documentNameFromRoute('/print/notice-once/42?copies=2')).toBe('notice-once');
  });
});

describe('the archive path of a PDF copy', () => {
  // 2026-12-31 23:30 in Shanghai is still 2026 there, already 15:30 UTC.
  const at = new Date('2026-12-31T15:30:05Z');

  it('is <dataDir>/archive/<year>/<caseNo>/<document>-<timestamp>.pdf in China time', () => {
    expect(archivePdfPath({ dataDir: '/data', caseNo: '310101001-20261231-0012', document: 'receipt', at })).toBe(
      join('/data', 'archive', '2026', '310101001-20261231-0012', 'receipt-20261231-233005.pdf'),
    );
    expect(archivePdfPath({ dataDir: '/data', caseNo: 'A1', document: 'receipt', at: new Date('2026-12-31T16:00:00Z') })).toBe(
      join('/data', 'archive', '2027', 'A1', 'receipt-20270101-000000.pdf'),
    );
  });

  it('adds a number when two copies are made in the same second', () => {
    const first = archivePdfPath({ dataDir: '/d', caseNo: 'A1', document: 'receipt', at });
    const taken = new Set([first]);
    expect(archivePdfPath({ dataDir: '/d', caseNo: 'A1', document: 'receipt', at, taken: (p) => taken.has(p) })).toBe(first.replace('.pdf', '-2.pdf'));
  });

  it.each(['..', '.', '../../etc', 'a/b', 'a\\b', 'C:', 'CON', 'nul', 'com1', '', 'x'.repeat(65), 'a.b', 'a\0b', ' a'])('refuses %j as a case number or document name', (name) => {
    expect(isSafeName(name)).toBe(false);
    expect(() => archivePdfPath({ dataDir: '/d', caseNo: name, document: 'receipt', at })).toThrow();
    expect(() => archivePdfPath({ dataDir: '/d', caseNo: 'A1', document: name, at })).toThrow();
  });

  it('accepts case numbers with Chinese letters, digits, dashes and underscores', () => {
    expect(isSafeName('徐汇-2026-0001')).toBe(true);
    expect(isSafeName('310101001_20261122_0007')).toBe(true);
  });
});

describe('printers and options', () => {
  const printers = [{ name: 'HP_LaserJet' }, { name: 'Kyocera' }];
  it('prints to the printer chosen in settings, else the system default', () => {
    expect(choosePrinter('Kyocera', printers)).toEqual({ ok: true, value: 'Kyocera' });
    expect(choosePrinter(undefined, printers)).toEqual({ ok: true, value: undefined });
    expect(choosePrinter('Gone', printers)).toMatchObject({ ok: false, message: expect.stringContaining('找不到打印机') });
    expect(choosePrinter(undefined, [])).toMatchObject({ ok: false, message: '本机没有可用的打印机' });
  });

  it('prints A4 with backgrounds, silently only in silent mode', () => {
    expect(printOptions('dialog', 'Kyocera')).toMatchObject({ silent: false, printBackground: true, pageSize: 'A4' });
    expect(printOptions('dialog', 'Kyocera')).not.toHaveProperty('deviceName');
    expect(printOptions('silent', 'Kyocera')).toMatchObject({ silent: true, deviceName: 'Kyocera' });
    expect(printOptions('silent', undefined)).not.toHaveProperty('deviceName');
  });
});

describe('waiting for the document to be ready', () => {
  it('polls until the page says it is ready', async () => {
    const answers = [false, false, true];
    let slept = 0;
    const result = await waitUntilReady({ probe: async () => answers.shift()!, timeoutMs: 1000, intervalMs: 100, sleep: async () => void slept++, now: () => 0 });
    expect(result).toBe('ready');
    expect(slept).toBe(2);
  });

  it('gives up at the deadline, and treats a failing probe as not ready', async () => {
    let clock = 0;
    const result = await waitUntilReady({
      probe: () => Promise.reject(new Error('page crashed')),
      timeoutMs: 1000,
      intervalMs: 100,
      sleep: async (ms) => void (clock += ms),
      now: () => clock,
    });
    expect(result).toBe('timeout');
    expect(clock).toBe(1000);
  });
});
