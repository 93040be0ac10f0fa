/**
 * A zip file written front to back, for the XLSX export: small parts deflated whole, and one
 * streamed entry (the sheet) deflated by a zlib stream on the thread pool while the caller
 * renders the next rows. The CRC-32 is zlib's (computed by the deflate stream itself, or
 * `zlib.crc32` for the small parts) and the file is written with plain synchronous writes at an offset we keep: no archive library, no
 * stream hops between the rows and the disk but the deflate itself.
 *
 * Format (APPNOTE 6.3): local header, data, then for a streamed entry a data descriptor
 * (sizes and CRC unknown when its header is written, general purpose bit 3); names in
 * UTF-8 (bit 11); a central directory and its end record. ZIP64 fields are written only
 * where a size or an offset does not fit 32 bits (an export sheet passes 4 GiB of XML at
 * some 5,000,000 ledger rows).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import { crc32, createGzip, deflateRawSync, type Gzip, type ZlibOptions } from 'node:zlib';
import { PRIVATE_FILE_MODE } from '../../database/private-files';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const METHOD_DEFLATE = 8;
const MAX32 = 0xffffffff;
const GZIP_HEADER_BYTES = 10;
const GZIP_TRAILER_BYTES = 8;
/** made by: UNIX (3), spec 4.5, so that the external attributes below are the file mode */
const VERSION_MADE_BY = (3 << 8) | 45;
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

/**
 * zlib level for the export sheet. Measured on the 60,000-row ledger (52 MB of XML, Node
 * 20's zlib): level 1 7.65 MB in ~230 ms, level 2 7.21 MB in ~190 ms, level 3 6.96 MB in
 * ~250 ms, level 6 6.10 MB in ~460 ms. Level 2 is both quicker and smaller than 1 here.
 */
export const EXPORT_DEFLATE_LEVEL = 2;

interface CentralEntry {
  name: Buffer;
  flags: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** DOS date and time (local time, 2-second steps), as zip tools show them. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getFullYear());
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/** write(2) may write less than asked (a disk filling up): go on until all is written or it fails. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

export class ZipFile {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private readonly stamp: { time: number; date: number };
  private streaming: ZipEntryStream | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    at: Date,
  ) {
    this.stamp = dosDateTime(at);
  }

  /** Creates the file ('wx': the temporary folder is ours alone, an existing file means something is wrong). */
  static create(path: string, at = new Date()): ZipFile {
    return new ZipFile(path, openSync(path, 'wx', PRIVATE_FILE_MODE), at);
  }

  /** @internal the stream's compressed bytes, and the headers */
  append(bytes: Uint8Array): void {
    writeAll(this.fd, bytes);
    this.offset += bytes.length;
  }

  private localHeader(name: Buffer, flags: number, crc: number, compressed: number, size: number): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(METHOD_DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressed, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    return Buffer.concat([header, name]);
  }

  /** A whole part, deflated at once (the few small parts of a workbook). */
  addFile(name: string, data: Buffer, level = EXPORT_DEFLATE_LEVEL): void {
    if (this.streaming) throw new Error(`zip: ${name} added while ${this.streaming.name} is still open`);
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level });
    const crc = crc32(data);
    const offset = this.offset;
    // A part this small never needs ZIP64 sizes; its offset may, and that lives in the central directory.
    if (data.length > MAX32 || deflated.length > MAX32) throw new Error(`zip: ${name} is too large for a whole part`);
    this.append(this.localHeader(nameBytes, FLAG_UTF8, crc, deflated.length, data.length));
    this.append(deflated);
    this.entries.push({ name: nameBytes, flags: FLAG_UTF8, ...this.stamp, crc, compressed: deflated.length, size: data.length, offset });
  }

  /** A part written piece by piece (the sheet); nothing else may be added until it ends. */
  openEntry(name: string, level = EXPORT_DEFLATE_LEVEL): ZipEntryStream {
    if (this.streaming) throw new Error(`zip: ${name} opened while ${this.streaming.name} is still open`);
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const flags = FLAG_UTF8 | FLAG_DESCRIPTOR;
    this.append(this.localHeader(nameBytes, flags, 0, 0, 0));
    const entry = new ZipEntryStream(name, this, level, (crc, compressed, size) => {
      const zip64 = compressed > MAX32 || size > MAX32;
      const descriptor = Buffer.alloc(zip64 ? 24 : 16);
      descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
      descriptor.writeUInt32LE(crc, 4);
      if (zip64) {
        descriptor.writeBigUInt64LE(BigInt(compressed), 8);
        descriptor.writeBigUInt64LE(BigInt(size), 16);
      } else {
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
      }
      this.append(descriptor);
      this.entries.push({ name: nameBytes, flags, ...this.stamp, crc, compressed, size, offset });
      this.streaming = null;
    });
    this.streaming = entry;
    return entry;
  }

  /** Writes the central directory, forces the bytes to disk and closes. */
  finish(): void {
    if (this.streaming) throw new Error(`zip: ${this.streaming.name} is still open`);
    const start = this.offset;
    for (const e of this.entries) {
      const big = { size: e.size > MAX32, compressed: e.compressed > MAX32, offset: e.offset > MAX32 };
      const extraLength = (big.size ? 8 : 0) + (big.compressed ? 8 : 0) + (big.offset ? 8 : 0);
      const header = Buffer.alloc(46 + e.name.length + (extraLength ? 4 + extraLength : 0));
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(VERSION_MADE_BY, 4);
      header.writeUInt16LE(extraLength ? 45 : 20, 6);
      header.writeUInt16LE(e.flags, 8);
      header.writeUInt16LE(METHOD_DEFLATE, 10);
      header.writeUInt16LE(e.time, 12);
      header.writeUInt16LE(e.date, 14);
      header.writeUInt32LE(e.crc, 16);
      header.writeUInt32LE(big.compressed ? MAX32 : e.compressed, 20);
      header.writeUInt32LE(big.size ? MAX32 : e.size, 24);
      header.writeUInt16LE(e.name.length, 28);
      header.writeUInt16LE(extraLength ? 4 + extraLength : 0, 30);
      // comment length, disk number, internal attributes: 0
      header.writeUInt32LE(FILE_ATTRIBUTES, 38);
      header.writeUInt32LE(big.offset ? MAX32 : e.offset, 42);
      e.name.copy(header, 46);
      if (extraLength) {
        // ZIP64 extended information: only the fields whose 32-bit slot says 0xFFFFFFFF, in this order.
        let at = 46 + e.name.length;
        header.writeUInt16LE(0x0001, at);
        header.writeUInt16LE(extraLength, at + 2);
        at += 4;
        if (big.size) at = header.writeBigUInt64LE(BigInt(e.size), at);
        if (big.compressed) at = header.writeBigUInt64LE(BigInt(e.compressed), at);
        if (big.offset) header.writeBigUInt64LE(BigInt(e.offset), at);
      }
      this.append(header);
    }
    const size = this.offset - start;
    const count = this.entries.length;
    if (start > MAX32 || size > MAX32 || count > 0xffff) {
      const end64 = Buffer.alloc(56 + 20);
      end64.writeUInt32LE(ZIP64_END, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE(VERSION_MADE_BY, 12);
      end64.writeUInt16LE(45, 14);
      // this disk, the directory's disk: 0
      end64.writeBigUInt64LE(BigInt(count), 24);
      end64.writeBigUInt64LE(BigInt(count), 32);
      end64.writeBigUInt64LE(BigInt(size), 40);
      end64.writeBigUInt64LE(BigInt(start), 48);
      end64.writeUInt32LE(ZIP64_LOCATOR, 56);
      end64.writeUInt32LE(0, 60);
      end64.writeBigUInt64LE(BigInt(this.offset), 64);
      end64.writeUInt32LE(1, 72);
      this.append(end64);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL, 0);
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(Math.min(size, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    this.append(end);
    fsyncSync(this.fd);
    this.close();
  }

  /** Closes without caring about the content (the run failed). */
  abort(): void {
    this.streaming?.destroy();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * The streamed entry: `write` hands blocks of bytes to a zlib stream, which runs on the
 * thread pool; its output goes to the file as it comes. The stream is gzip rather than raw
 * deflate: zlib then computes the CRC-32 on its own thread as it reads the input (the
 * trailer carries it), and the gzip header and trailer around the deflate data are left
 * out of the file. `drained()` gives zlib's finished blocks a turn of the event loop (they
 * arrive as callbacks on this thread) and waits while more than a few are queued, so
 * memory stays flat.
 */
export class ZipEntryStream {
  private size = 0;
  private compressed = 0;
  /** the gzip header's bytes still to skip: zlib writes a plain 10-byte header */
  private headerLeft = GZIP_HEADER_BYTES;
  /** the last 8 bytes seen, held back: at the end they are the trailer */
  private tail = Buffer.alloc(0);
  private failure: Error | null = null;
  private readonly gzip: Gzip;
  private readonly failed: Promise<never>;
  private readonly ended: Promise<void>;
  /** blocks zlib has finished with, for the writer to fill again */
  readonly spare: Buffer[] = [];

  constructor(
    readonly name: string,
    zip: ZipFile,
    level: number,
    private readonly done: (crc: number, compressed: number, size: number) => void,
  ) {
    // zlib passes stream options on to its Transform; a few blocks may wait for the thread pool.
    const options: ZlibOptions & { writableHighWaterMark: number } = { level, chunkSize: 256 * 1024, writableHighWaterMark: 1024 * 1024 };
    this.gzip = createGzip(options);
    this.gzip.on('data', (chunk: Buffer) => {
      if (this.failure) return;
      try {
        this.output(zip, chunk);
      } catch (err) {
        this.fail(err as Error);
      }
    });
    this.failed = new Promise<never>((_, reject) => {
      this.gzip.once('error', (err) => {
        this.failure ??= err;
        reject(this.failure);
      });
      this.gzip.once('close', () => {
        if (this.failure) reject(this.failure);
      });
    });
    this.failed.catch(() => {});
    this.ended = once(this.gzip, 'end').then(() => {});
    this.ended.catch(() => {});
  }

  private output(zip: ZipFile, chunk: Buffer): void {
    if (this.headerLeft > 0) {
      const skip = Math.min(this.headerLeft, chunk.length);
      this.headerLeft -= skip;
      chunk = chunk.subarray(skip);
    }
    if (chunk.length === 0) return;
    const bytes = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const keep = Math.min(GZIP_TRAILER_BYTES, bytes.length);
    const out = bytes.subarray(0, bytes.length - keep);
    // copied: zlib may reuse its output buffer
    this.tail = Buffer.from(bytes.subarray(bytes.length - keep));
    if (out.length > 0) {
      zip.append(out);
      this.compressed += out.length;
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.gzip.destroy(err);
  }

  /** The bytes are zlib's until it has read them; then the buffer is put in `spare`. */
  write(bytes: Buffer, whole?: Buffer): void {
    if (this.failure) throw this.failure;
    if (bytes.length === 0) return;
    this.size += bytes.length;
    this.gzip.write(bytes, () => {
      if (whole) this.spare.push(whole);
    });
  }

  async drained(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.gzip.writableLength === 0) return;
    // zlib's finished block reaches this thread only in a turn of the event loop: without
    // one it would sit idle until the queue is full.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.gzip.writableNeedDrain) await Promise.race([once(this.gzip, 'drain'), this.failed]);
    if (this.failure) throw this.failure;
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.gzip.end();
    await Promise.race([this.ended, this.failed]);
    if (this.failure) throw this.failure;
    if (this.tail.length !== GZIP_TRAILER_BYTES || this.tail.readUInt32LE(4) !== this.size % 2 ** 32) {
      throw new Error(`zip: ${this.name}: zlib's gzip trailer is not where expected`);
    }
    this.done(this.tail.readUInt32LE(0), this.compressed, this.size);
  }

  destroy(): void {
    this.failure ??= new Error(`zip: ${this.name} aborted`);
    this.gzip.destroy();
  }
}
