/**
 * A file handed to a handler by its path on this computer (an import the user chose): the
 * path rule and the checks before it is read, worded after what the file is.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from '../kernel/zod-zh';
import { AppError, notFound } from '../kernel/errors';
import { textRule } from '../validation/free-text';

/** `what` names the file (回盘文件); `example` is a full path a user would give. */
export const incomingFilePath = (what: string, example: string) =>
  z
    .string({ error: `请给出${what}的路径` })
    .trim()
    .min(1, `请给出${what}的路径`)
    .max(1000, '文件路径过长')
    .check(textRule(`${what}路径`))
    .refine((p) => isAbsolute(p), `${what}应给出完整路径（如 ${example}）`);

/** The file's size, once it is known to be a readable file of at most `maxBytes`. */
export function statIncomingFile(file: string, what: string, maxBytes: number): number {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw notFound(`${what}“${file}”不是文件`, { file });
    size = st.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notFound(`${what}“${file}”不存在或无法读取`, { file });
  }
  if (size > maxBytes) throw new AppError('VALIDATION', `${what}过大（超过 ${maxBytes / 2 ** 20} MB）`, { fields: [{ path: 'file', message: '文件过大' }] });
  return size;
}

export function readIncomingFile(file: string, what: string, maxBytes: number): Buffer {
  statIncomingFile(file, what, maxBytes);
  return readFileSync(file);
}
