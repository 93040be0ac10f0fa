import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Cell, Column } from '../../db/src/exports/layout';
import { XlsxWriter } from '../../db/src/exports/writers/xlsx';
import { RemoteXlsxWriter } from '../../db/src/exports/writers/xlsx-remote';
import { readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';

const COLUMNS: Column[] = [
  { name: '序号', type: 'integer' },
  { name: '文本', type: 'text' },
  { name: '日期', type: 'date' },
  { name: '金额（元）', type: 'amount' },
  { name: '百分比', type: 'percent' },
];
const TEXTS = ['', '张𠮷', 'A,"B"\r\nC', `<&>'"`, 'ctl\u0001\u007fend', '=SUM(A1)', '😀', '\uFFFE\uD800lone'];

/** More rows than several batches and a deflate block, with every kind of value and empty rows. */
function rows(): Cell[][] {
  const out: Cell[][] = [];
  for (let i = 0; i < 7_321; i++) {
    if (i % 1000 === 999) {
      out.push([null, null, null, null, null]);
      continue;
    }
    out.push([i, i % 7 === 0 ? null : `${TEXTS[i % TEXTS.length]}第${i}行`, '2026-03-04', i * 101 - 5000, i % 5 === 0 ? null : (i % 300) / 7]);
  }
  out.push([null, '𠮷'.repeat(100_000), null, null, null]);
  return out;
}

/** Zip entries in order, uncompressed; the times in core.xml are the time of writing. */
async function parts(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const out: [string, string][] = [];
  for (const file of Object.values(zip.files)) {
    const text = await file.async('string');
    out.push([file.name, file.name === 'docProps/core.xml' ? text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'T') : text]);
  }
  return out;
}

describe('XLSX written on a second thread (exports.xlsxSheet)', () => {
  it('holds exactly the parts the single-thread writer writes for the same rows, and reports its hash', async () => {
    const dir = tempDir('onewindow-xlsx-remote-');
    const data = rows();
    const local = await XlsxWriter.open(join(dir, 'local.xlsx'), COLUMNS, '办件明细');
    const remote = await RemoteXlsxWriter.open(join(dir, 'remote.xlsx'), COLUMNS, '办件明细');
    for (const [i, cells] of data.entries()) {
      local.write(cells);
      remote.write(cells);
      if (i % 200 === 0) await Promise.all([local.drained(), remote.drained()]);
    }
    await local.end();
    const result = await remote.end();
    const bytes = readFileSync(join(dir, 'remote.xlsx'));
    expect(result).toEqual({ rows: data.length, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await parts(bytes)).toEqual(await parts(readFileSync(join(dir, 'local.xlsx'))));
    const back = await readXlsx(join(dir, 'remote.xlsx'));
    expect(back[0]).toEqual(COLUMNS.map((c) => c.name));
    expect(back.length).toBe(1 + data.length);
  });

  it('a run that fails: abort() returns once the sheet thread has closed its file', async () => {
    const dir = tempDir('onewindow-xlsx-remote-');
    const remote = await RemoteXlsxWriter.open(join(dir, 'failed.xlsx'), COLUMNS, '办件明细');
    for (const cells of rows().slice(0, 2500)) remote.write(cells);
    await remote.abort();
    rmSync(dir, { recursive: true, force: true });
    expect(existsSync(dir)).toBe(false);
  });

  it('a sheet thread that cannot write its file fails the rows loop and end()', async () => {
    const dir = tempDir('onewindow-xlsx-remote-');
    const remote = await RemoteXlsxWriter.open(join(dir, 'no-such-folder', 'x.xlsx'), COLUMNS, '办件明细');
    let failed: unknown = null;
    try {
      for (const [i, cells] of rows().entries()) {
        remote.write(cells);
        if (i % 200 === 0) await remote.drained();
      }
      await remote.end();
    } catch (err) {
      failed = err;
    }
    expect((failed as NodeJS.ErrnoException | null)?.code).toBe('ENOENT');
    await remote.abort();
  });
});
