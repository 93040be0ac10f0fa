import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cell, Column } from '../../db/src/exports/layout';
import { CsvWriter } from '../../db/src/exports/writers/csv';
import { FilesThread } from '../../db/src/exports/writers/files-thread';
import { XlsxWriter } from '../../db/src/exports/writers/xlsx';
import { readXlsx, xlsxParts as parts } from '../support/exports';
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

const spec = (dir: string, name: string, encoding: 'utf8' | 'gb18030' = 'utf8') => ({
  xlsxPath: join(dir, `${name}.xlsx`),
  csvPath: join(dir, `${name}.csv`),
  columns: COLUMNS,
  sheetName: '办件明细',
  encoding,
});
const hashed = (bytes: Buffer) => ({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

describe('an export job\'s files written on a second thread (exports.writeFiles)', () => {
  for (const encoding of ['utf8', 'gb18030'] as const) {
    it(`the XLSX holds exactly the parts, the CSV (${encoding}) exactly the bytes the writers write on one thread; both hashed`, async () => {
      const dir = tempDir('onewindow-files-thread-');
      const data = rows();
      const xlsx = await XlsxWriter.open(join(dir, 'local.xlsx'), COLUMNS, '办件明细');
      const csv = await CsvWriter.open(join(dir, 'local.csv'), COLUMNS, encoding);
      const thread = FilesThread.open(spec(dir, 'thread', encoding));
      for (const [i, cells] of data.entries()) {
        xlsx.write(cells);
        csv.write(cells);
        thread.write(cells);
        if (i % 200 === 0) await Promise.all([xlsx.drained(), thread.drained()]);
      }
      await xlsx.end();
      csv.end();
      const result = await thread.end();
      const xlsxBytes = readFileSync(join(dir, 'thread.xlsx'));
      const csvBytes = readFileSync(join(dir, 'thread.csv'));
      expect(result).toEqual({ rows: data.length, xlsx: hashed(xlsxBytes), csv: hashed(csvBytes) });
      expect(await parts(xlsxBytes)).toEqual(await parts(readFileSync(join(dir, 'local.xlsx'))));
      expect(csvBytes.equals(readFileSync(join(dir, 'local.csv')))).toBe(true);
      const back = await readXlsx(join(dir, 'thread.xlsx'));
      expect(back[0]).toEqual(COLUMNS.map((c) => c.name));
      expect(back.length).toBe(1 + data.length);
    });
  }

  it('a run that fails: abort() returns once the files thread has closed its files', async () => {
    const dir = tempDir('onewindow-files-thread-');
    const thread = FilesThread.open(spec(dir, 'failed'));
    for (const cells of rows().slice(0, 2500)) thread.write(cells);
    await thread.abort();
    rmSync(dir, { recursive: true, force: true });
    expect(existsSync(dir)).toBe(false);
  });

  it('a files thread that cannot write its files fails the rows loop and end()', async () => {
    const dir = tempDir('onewindow-files-thread-');
    const remote = FilesThread.open(spec(join(dir, 'no-such-folder'), 'x'));
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
