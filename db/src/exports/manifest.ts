/**
 * manifest.json: what the folder holds and how to check it. Written last, into the
 * temporary folder, so a folder with a manifest has all its files.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { z } from 'zod';
import { EXPORT_KINDS, type CsvEncoding, type ExportKind } from './layout';

export const MANIFEST_NAME = 'manifest.json';

export interface ManifestFile {
  name: string;
  format: 'xlsx' | 'csv';
  /** data rows, without the header line and the totals line */
  rows: number;
  headerRows: number;
  totalsRows: number;
  bytes: number;
  sha256: string;
  /** CSV: 'utf-8-bom' or 'gb18030'; XLSX: 'xlsx' (UTF-8 inside the zip, by the format) */
  encoding: 'utf-8-bom' | 'gb18030' | 'xlsx';
}

export const manifestSchema = z.object({
  layoutVersion: z.number().int(),
  centreCode: z.string(),
  centreName: z.string(),
  kind: z.enum(EXPORT_KINDS),
  kindLabel: z.string(),
  period: z.string(),
  generatedAt: z.string(),
  programVersion: z.string(),
  runNo: z.number().int().min(1),
  files: z.array(
    z.object({
      name: z.string(),
      format: z.enum(['xlsx', 'csv']),
      rows: z.number().int().min(0),
      headerRows: z.number().int().min(0),
      totalsRows: z.number().int().min(0),
      bytes: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      encoding: z.enum(['utf-8-bom', 'gb18030', 'xlsx']),
    }),
  ),
  /**
   * The last audit row (id and hash) in the snapshot the files were read from; null when the
   * log is empty. Absent in manifests written before it existed.
   */
  auditHead: z.object({ id: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).nullable().optional(),
  summary: z.record(z.string(), z.unknown()).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const csvEncodingLabel = (e: CsvEncoding): ManifestFile['encoding'] => (e === 'utf8' ? 'utf-8-bom' : 'gb18030');

/** SHA-256 (hex) and size of a file, read back from disk in chunks. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: statSync(path).size };
}

export function manifestJson(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

export type { ExportKind };
