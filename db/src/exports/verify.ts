/**
 * Re-reads an export folder: the manifest parses, every file it lists exists with its
 * SHA-256 and size, and the rows in each file are the rows the manifest says. Streaming,
 * like the writers, so a million-row ledger is checked in flat memory.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashFile, MANIFEST_NAME, manifestSchema, type ManifestFile } from './manifest';

export interface VerifyFileResult {
  name: string;
  ok: boolean;
  expectedSha256: string;
  actualSha256: string | null;
  expectedRows: number;
  actualRows: number | null;
  problems: string[];
}

export interface VerifyResult {
  ok: boolean;
  folder: string;
  kind: string | null;
  period: string | null;
  layoutVersion: number | null;
  files: VerifyFileResult[];
  problems: string[];
}

/** Records of a CSV (lines outside quoted fields), decoded as the manifest says. */
async function csvRecords(path: string, encoding: ManifestFile['encoding']): Promise<number> {
  const decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8');
  let records = 0;
  let quoted = false;
  let pending = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 34) quoted = !quoted;
      else if (ch === 10 && !quoted) {
        records++;
        pending = false;
        continue;
      }
      pending = true;
    }
  }
  decoder.decode();
  return records + (pending ? 1 : 0);
}

/** Rows of the first worksheet of an XLSX, read as a stream. */
async function xlsxRows(path: string): Promise<number> {
  // Loaded here, not at the start: exceljs takes longer to load than the rest of the program.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const _row of sheet) rows++;
    break;
  }
  return rows;
}

export async function verifyFolder(folder: string): Promise<VerifyResult> {
  const result: VerifyResult = { ok: false, folder, kind: null, period: null, layoutVersion: null, files: [], problems: [] };
  const manifestPath = join(folder, MANIFEST_NAME);
  if (!existsSync(manifestPath)) {
    result.problems.push('缺少 manifest.json：不是完整的导出文件夹');
    return result;
  }
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch {
    result.problems.push('manifest.json 不是有效的 JSON');
    return result;
  }
  if (!parsed.success) {
    result.problems.push('manifest.json 的内容不符合格式');
    return result;
  }
  const m = parsed.data;
  Object.assign(result, { kind: m.kind, period: m.period, layoutVersion: m.layoutVersion });
  for (const f of m.files) {
    const r: VerifyFileResult = { name: f.name, ok: false, expectedSha256: f.sha256, actualSha256: null, expectedRows: f.rows, actualRows: null, problems: [] };
    result.files.push(r);
    const path = join(folder, f.name);
    if (f.name.includes('/') || f.name.includes('\\') || !existsSync(path) || !statSync(path).isFile()) {
      r.problems.push('文件不存在');
      continue;
    }
    const { sha256, bytes } = await hashFile(path);
    r.actualSha256 = sha256;
    if (sha256 !== f.sha256) r.problems.push('SHA-256 校验值不符（文件被修改或损坏）');
    if (bytes !== f.bytes) r.problems.push(`文件大小不符（清单 ${f.bytes} 字节，实际 ${bytes} 字节）`);
    try {
      const lines = f.format === 'csv' ? await csvRecords(path, f.encoding) : await xlsxRows(path);
      r.actualRows = lines - f.headerRows - f.totalsRows;
      if (r.actualRows !== f.rows) r.problems.push(`行数不符（清单 ${f.rows} 行，实际 ${r.actualRows} 行）`);
    } catch {
      r.problems.push('文件无法读取（格式损坏）');
    }
    r.ok = r.problems.length === 0;
  }
  if (m.files.length === 0) result.problems.push('manifest.json 未列出任何文件');
  result.ok = result.problems.length === 0 && result.files.every((f) => f.ok);
  return result;
}
