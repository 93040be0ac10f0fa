/**
 * The import screen's way of handing a file to the core. `residents.import` takes a full
 * path on the host (as the command line does), but a page in a browser cannot name a path
 * on the host: at a centre server the file is not even on the same computer. The screen
 * sends the file's bytes in chunks through the ordinary dispatcher (every transport works
 * the same, the JSON body stays far below the hosts' 20 MB limit), the core puts them in a
 * private folder beside the database and answers the path that the import calls then take.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { removeOlderThan } from '../files/remove-old';
import { dirname, join } from 'node:path';
import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { validationError } from '../kernel/errors';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../database/private-files';
import { freeText } from '../validation/free-text';

/** What one call carries at most: 4 MB of file, about 5.4 MB of base64. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** 100,000 rows of CSV are about 15 MB; a file ten times that is not a resident list. */
export const UPLOAD_MAX_BYTES = 200 * 1024 * 1024;
/** An uploaded file is needed for the preview, the dry run and the import, then no longer. */
const KEEP_UPLOADS_MS = 24 * 60 * 60 * 1000;

/** `<database folder>/imports/uploads`: inside the folder the import's reports live in. */
export function uploadsDir(dbPath: string): string {
  return join(dirname(dbPath), 'imports', 'uploads');
}

const uploadInput = z
  .object({
    // Only the last part of the name counts: a name never chooses a folder.
    name: freeText('文件名', { min: 1, max: 200 })
      .transform((n) => n.split(/[\\/]/).pop()!.trim())
      .refine((n) => /\.(csv|xlsx|txt)$/i.test(n), '只能导入 XLSX 或 CSV 文件'),
    uploadId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, '上传编号无效，请重新选择文件')
      .optional(),
    offset: z.number({ error: '请给出本段在文件中的位置' }).int().min(0).max(UPLOAD_MAX_BYTES, '文件过大（超过 200 MB），请分成几个文件导入'),
    data: z
      .string({ error: '请给出文件内容' })
      .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4, '每段最多 4 MB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容应为 base64'),
    last: z.boolean().default(false),
  })
  .strict();

type UploadInput = z.output<typeof uploadInput>;

export interface UploadAnswer {
  uploadId: string;
  /** bytes stored so far */
  received: number;
  /** the full path for residents.import, once the last chunk is in */
  file: string | null;
  sha256: string | null;
}

export function receiveChunk(ctx: Ctx, input: UploadInput): UploadAnswer {
  const root = uploadsDir(ctx.dbPath);
  const bytes = Buffer.from(input.data, 'base64');
  let uploadId = input.uploadId;
  if (uploadId === undefined) {
    if (input.offset !== 0) throw validationError([{ path: 'uploadId', message: '上传编号缺失，请重新选择文件' }]);
    removeOlderThan(root, KEEP_UPLOADS_MS);
    uploadId = randomBytes(16).toString('hex');
    makePrivateDir(join(root, uploadId));
  }
  const folder = join(root, uploadId);
  const file = join(folder, input.name);
  if (input.uploadId !== undefined && !existsSync(file)) throw validationError([{ path: 'uploadId', message: '上传已过期或不存在，请重新选择文件' }]);
  const stored = existsSync(file) ? statSync(file).size : 0;
  if (input.offset + bytes.length > UPLOAD_MAX_BYTES) throw validationError([{ path: 'offset', message: '文件过大（超过 200 MB），请分成几个文件导入' }]);
  // A chunk whose answer was lost comes again with the same offset: it is already stored.
  const repeated = stored === input.offset + bytes.length && input.offset < stored;
  if (!repeated) {
    if (stored !== input.offset) throw validationError([{ path: 'offset', message: '上传中断，请重新选择文件' }]);
    if (stored === 0) writeFileSync(file, bytes, { mode: PRIVATE_FILE_MODE });
    else appendFileSync(file, bytes);
  }
  const received = input.offset + bytes.length;
  if (!input.last) return { uploadId, received, file: null, sha256: null };
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  ctx.audit({ action: 'import_upload', recordType: null, detail: { fileName: input.name, size: received, sha256 } });
  return { uploadId, received, file, sha256 };
}

export const residentImportUploadHandlers = {
  'residents.importUpload': handler({
    summary: '数据导入：把所选文件分段上传到本机（或中心服务器）的私有文件夹，最后一段返回供 residents.import 使用的路径',
    // writes a file, no records: not a transaction; the finished upload is audited
    kind: 'task',
    roles: ['admin'],
    input: uploadInput,
    run: (ctx, input) => receiveChunk(ctx, input),
  }),
};
