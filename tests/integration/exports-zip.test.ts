/**
 * The zip writer of the XLSX export (db/src/exports/writers/zip.ts) read back by other zip
 * readers: JSZip with its CRC-32 check, Info-ZIP's `unzip -t` where the machine has it, and
 * exceljs for a workbook; and the XML escaping of awkward text in the sheet.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Cell, Column } from '../../db/src/exports/layout';
import { XlsxWriter } from '../../db/src/exports/writers/xlsx';
import { xmlText } from '../../db/src/exports/writers/xlsx-rows';
import { ZipFile } from '../../db/src/exports/writers/zip';
import { readXlsx } from '../support/exports';
import { tempDir } from '../support/temp';

const UNZIP = ['/usr/bin/unzip', '/bin/unzip'].find((p) => existsSync(p)) ?? null;

/** Text that compresses like an export's sheet but is not one repeated line: a counter and a pseudo-random tail. */
function blockOf(n: number, bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  let x = n * 2654435761;
  for (let i = 0; size < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const line = `<row r="${n}-${i}"><c t="str"><v>第${i}行 ${x.toString(36)} 𠮷</v></c></row>\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''), 'utf8').subarray(0, bytes);
}

/** Each entry's CRC-32 and sizes as the central directory gives them (zipinfo -v is not everywhere; this is). */
function centralEntries(zip: Buffer): { name: string; crc: number; compressed: number; size: number; flags: number }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    entries.push({
      flags: zip.readUInt16LE(at + 8),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

describe('export zip writer', () => {
  it('writes several whole and streamed entries that JSZip (CRC checked) and unzip -t read back byte for byte', async () => {
    const dir = tempDir('onewindow-zip-');
    const path = join(dir, 'several.zip');
    const small = [
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
      { name: 'docs/说明 𠮷.txt', data: Buffer.from('中文名字的条目：名字以 UTF-8 写入（标志位 11）。\n') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const zip = ZipFile.create(path);
    zip.addFile(small[0]!.name, small[0]!.data);
    zip.addFile(small[1]!.name, small[1]!.data);
    // a streamed entry of many blocks, waited on as the writer does
    const sheet = zip.openEntry('xl/worksheets/sheet1.xml');
    const hash = createHash('sha256');
    let streamedCrc = 0;
    let streamed = 0;
    for (let n = 0; n < 40; n++) {
      const block = blockOf(n, 256 * 1024 + n * 997);
      hash.update(block);
      streamedCrc = crc32(block, streamedCrc);
      streamed += block.length;
      sheet.write(block);
      await sheet.drained();
    }
    // an empty streamed entry too
    await sheet.end();
    const none = zip.openEntry('xl/empty-stream.xml');
    await none.end();
    zip.addFile(small[2]!.name, small[2]!.data);
    zip.finish();

    const bytes = readFileSync(path);
    const central = centralEntries(bytes);
    expect(central.map((e) => e.name)).toEqual(['[Content_Types].xml', 'docs/说明 𠮷.txt', 'xl/worksheets/sheet1.xml', 'xl/empty-stream.xml', 'empty.txt']);
    const sheetEntry = central[2]!;
    expect(sheetEntry).toMatchObject({ crc: streamedCrc >>> 0, size: streamed });
    expect(sheetEntry.flags & 0x0808).toBe(0x0808); // data descriptor, UTF-8 name
    expect(sheetEntry.compressed).toBeLessThan(streamed / 3);
    for (const [i, part] of small.entries()) expect(central[i === 2 ? 4 : i]).toMatchObject({ crc: crc32(part.data) >>> 0, size: part.data.length });

    const read = await JSZip.loadAsync(bytes, { checkCRC32: true });
    for (const part of small) expect((await read.file(part.name)!.async('nodebuffer')).equals(part.data)).toBe(true);
    const back = await read.file('xl/worksheets/sheet1.xml')!.async('nodebuffer');
    expect(back.length).toBe(streamed);
    expect(createHash('sha256').update(back).digest('hex')).toBe(hash.digest('hex'));
    expect((await read.file('xl/empty-stream.xml')!.async('nodebuffer')).length).toBe(0);

    if (UNZIP) {
      const tested = spawnSync(UNZIP, ['-t', path], { encoding: 'utf8' });
      expect(tested.status, tested.stdout + tested.stderr).toBe(0);
      expect(tested.stdout).toMatch(/No errors detected/);
      const piped = execFileSync(UNZIP, ['-p', path, 'xl/worksheets/sheet1.xml'], { maxBuffer: 64 * 1024 * 1024 });
      expect(piped.equals(back)).toBe(true);
    }
  });

  it('refuses to write over an existing file and leaves it as it was', () => {
    const dir = tempDir('onewindow-zip-');
    const path = join(dir, 'taken.zip');
    writeFileSync(path, 'not ours');
    expect(() => ZipFile.create(path)).toThrow(/EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe('not ours');
  });

  it('a big workbook (200,000 rows) passes unzip -t and reads back in exceljs', async () => {
    const dir = tempDir('onewindow-zip-');
    const path = join(dir, 'big.xlsx');
    const columns: Column[] = [
      { name: '序号', type: 'integer' },
      { name: '办件编号', type: 'text' },
      { name: '金额（元）', type: 'amount' },
      { name: '备注', type: 'text' },
    ];
    const rowOf = (i: number): Cell[] => [i, `31010100120260103${String(i).padStart(6, '0')}`, i * 7 - 300, i % 5 === 0 ? null : `第${i}行 张𠮷 <${i % 3}> & "引号"`];
    const writer = await XlsxWriter.open(path, columns, '办件明细');
    for (let i = 0; i < 200_000; i++) {
      writer.write(rowOf(i));
      if (i % 200 === 0) await writer.drained();
    }
    await writer.end();
    if (UNZIP) {
      const tested = spawnSync(UNZIP, ['-t', path], { encoding: 'utf8' });
      expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    }
    await JSZip.loadAsync(readFileSync(path), { checkCRC32: true });
    const back = await readXlsx(path);
    expect(back.length).toBe(200_001);
    for (const i of [0, 1, 4, 5, 99_999, 199_999]) {
      const [n, no, fen, note] = rowOf(i);
      expect(back[i + 1]).toEqual([n, no, (fen as number) / 100, note]);
    }
  }, 240_000);
});

/** The sheet XML exceljs itself writes for these rows (no shared strings, as the export). */
async function exceljsSheet(columns: readonly Column[], rows: Cell[][]): Promise<string> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('工作表', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.name, key: `c${i}`, width: c.type === 'text' ? Math.max(12, Math.min(30, c.name.length * 2 + 4)) : 14 }));
  for (const cells of rows) sheet.addRow(cells).commit();
  sheet.commit();
  await workbook.commit();
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

describe('XLSX text escaping', () => {
  // Short texts go through the writer's own loop, long ones (over 16 UTF-16 units) without
  // anything to escape through Buffer: each awkward text is tried short and long.
  const AWKWARD = [
    'A & B',
    '<script>alert(1)</script>',
    'a > b',
    '"双引号"',
    "it's",
    '&amp; stays &amp;amp;',
    'ctl\u0000\u0001\u0008\u000b\u000c\u000e\u001f\u007f',
    'tab\tLF\nCR\r',
    '𠮷野家 𪚥 𰻞𰻞面 🀄',
    'lone high \ud842 and lone low \udfb7 surrogates',
    '=HYPERLINK("http://example.com","点击")',
    '+86 21 1234 5678',
    '-1+2',
    '@SUM(A1:A2)',
    '=1+1',
    '\u2028\u2029\ufeff',
  ];
  const TEXTS = [...AWKWARD, ...AWKWARD.map((t) => `${t} ${'长文本'.repeat(8)}`), ...AWKWARD.map((t) => `${'长文本'.repeat(8)} ${t}`)];
  const columns: Column[] = [
    { name: '文本 & <标题>', type: 'text' },
    { name: '编号', type: 'integer' },
  ];

  it('writes the same sheet XML as exceljs, and reads back as the same text (control characters dropped), never as a formula', async () => {
    const dir = tempDir('onewindow-escape-');
    const path = join(dir, 'awkward.xlsx');
    const rows: Cell[][] = TEXTS.map((t, i) => [t, i]);
    const writer = await XlsxWriter.open(path, columns, '工作表');
    for (const cells of rows) writer.write(cells);
    await writer.end();

    const zip = await JSZip.loadAsync(readFileSync(path), { checkCRC32: true });
    const ours = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(ours).toBe(await exceljsSheet(columns, rows));
    // every text a plain string cell: no formula element, no inline or shared string
    expect(ours).not.toMatch(/<f>|t="s"|t="inlineStr"/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('文本 & <标题>');
    for (const [i, text] of TEXTS.entries()) {
      // exceljs's reader decodes entities once more after the XML parser ('&amp;amp;' in the
      // file comes back as '&'): the file holds '&amp;' as text, which the XML above shows.
      if (/&\w+;/.test(text)) continue;
      const cell = sheet.getCell(`A${i + 2}`);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      // XML 1.0 cannot hold these control characters: dropped, as exceljs drops them; a
      // lone surrogate becomes U+FFFD, as in any UTF-8 file; a reader turns CR into LF (XML's
      // end-of-line rule: exceljs writes CR as it is, and so do we)
      expect(cell.value).toBe(text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
      expect(sheet.getCell(`B${i + 2}`).value).toBe(i);
    }
  });

  it('drops U+FFFE and U+FFFF, which XML 1.0 cannot hold (exceljs writes them, and then cannot read its own file)', async () => {
    const dir = tempDir('onewindow-escape-');
    const path = join(dir, 'noncharacters.xlsx');
    const texts = ['a\ufffeb\uffffc', `${'长文本'.repeat(8)}\ufffe`, '\uffff'];
    const writer = await XlsxWriter.open(path, columns, '工作表');
    for (const [i, t] of texts.entries()) writer.write([t, i]);
    await writer.end();
    expect(await readXlsx(path)).toEqual([['文本 & <标题>', '编号'], ['abc', 0], ['长文本'.repeat(8), 1], [null, 2]]);
    expect(xmlText('x\ufffey\uffff')).toBe('xy');
  });

  it('xmlText escapes the five markup characters and drops what XML 1.0 cannot hold', () => {
    expect(xmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(xmlText('a\u0000b\u001fc\u007fd\te\nf\rg')).toBe('abcd\te\nf\rg');
    expect(xmlText('𠮷')).toBe('𠮷');
  });
});
