/**
 * residents.importUpload: the import screen hands the chosen file to the core in chunks;
 * the file comes out byte for byte in a private folder beside the database, and a broken or
 * foreign upload is refused with a Chinese message.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadsDir } from '../../db/src/residents/import-upload';
import { err, ok, testCore } from '../support/temp';

const b64 = (b: Buffer) => b.toString('base64');

describe('residents.importUpload', () => {
  it('stores the chunks as one private file beside the database and audits the finished upload', async () => {
    const core = testCore();
    // GB 18030 bytes and a 4-byte character: a byte-exact copy, whatever the text
    const bytes = Buffer.concat([Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c]), Buffer.from('𠮷,310101\r\n'.repeat(1000), 'utf8')]);
    const a = bytes.subarray(0, 5000);
    const b = bytes.subarray(5000);
    const first = await ok(core, 'residents.importUpload', { name: 'C:\\居民\\社区云 居民.csv', offset: 0, data: b64(a) });
    expect(first).toMatchObject({ received: 5000, file: null, sha256: null });
    // a chunk whose answer was lost, sent again: stored once
    const again = await ok(core, 'residents.importUpload', { name: '社区云 居民.csv', uploadId: first.uploadId, offset: 0, data: b64(a) });
    expect(again.received).toBe(5000);
    const last = await ok(core, 'residents.importUpload', { name: '社区云 居民.csv', uploadId: first.uploadId, offset: 5000, data: b64(b), last: true });
    expect(last.file).toBe(join(uploadsDir(core.database.path), first.uploadId, '社区云 居民.csv'));
    expect(dirname(dirname(dirname(dirname(last.file!))))).toBe(dirname(core.database.path));
    expect(readFileSync(last.file!).equals(bytes)).toBe(true);
    expect(last.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    if (process.platform !== 'win32') {
      expect(statSync(last.file!).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(last.file!)).mode & 0o777).toBe(0o700);
    }
    const audit = core.db.prepare(`SELECT action, detail FROM audit_log WHERE handler = 'residents.importUpload'`).all() as { action: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ fileName: '社区云 居民.csv', size: bytes.length, sha256: last.sha256 });
  });

  it('refuses a gap, a foreign upload id, a file that is not XLSX or CSV, and bad base64', async () => {
    const core = testCore();
    const first = await ok(core, 'residents.importUpload', { name: 'a.xlsx', offset: 0, data: b64(Buffer.from('PK\u0003\u0004')) });
    const gap = await err(core, 'residents.importUpload', { name: 'a.xlsx', uploadId: first.uploadId, offset: 100, data: b64(Buffer.from('x')) });
    expect(gap).toMatchObject({ code: 'VALIDATION' });
    expect(gap.message).toContain('上传中断，请重新选择文件');
    const foreign = await err(core, 'residents.importUpload', { name: 'a.xlsx', uploadId: 'f'.repeat(32), offset: 4, data: b64(Buffer.from('x')) });
    expect(foreign.message).toContain('上传已过期或不存在');
    const kind = await err(core, 'residents.importUpload', { name: '照片.jpg', offset: 0, data: '' });
    expect(kind.message).toContain('只能导入 XLSX 或 CSV 文件');
    const noId = await err(core, 'residents.importUpload', { name: 'b.csv', offset: 10, data: '' });
    expect(noId.message).toContain('上传编号缺失');
    const notBase64 = await err(core, 'residents.importUpload', { name: 'b.csv', offset: 0, data: '姓名' });
    expect(notBase64.message).toContain('base64');
    // nothing of the refused calls was kept: the first upload's file is unchanged
    expect(readFileSync(join(uploadsDir(core.database.path), first.uploadId, 'a.xlsx')).length).toBe(4);
  });

  it('removes uploads older than a day when a new upload starts', async () => {
    const core = testCore();
    const old = await ok(core, 'residents.importUpload', { name: 'old.csv', offset: 0, data: b64(Buffer.from('姓名\n')), last: true });
    const folder = dirname(old.file!);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(folder, twoDaysAgo, twoDaysAgo);
    const fresh = await ok(core, 'residents.importUpload', { name: 'new.csv', offset: 0, data: b64(Buffer.from('姓名\n')), last: true });
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(fresh.file!)).toBe(true);
  });
});
