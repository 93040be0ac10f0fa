/**
 * An export job's two files written on a thread of their own: the job's thread reads the
 * rows and turns them into cells, and sends the cells in batches to a second jobs worker,
 * where the usual XlsxWriter and CsvWriter render them (the XLSX's deflate still on zlib's
 * thread pool) and hash the files. On the 60,000-row ledger the job's thread spent about
 * 150 ms on the CSV and 130–300 ms on the sheet's XML besides the ~370 ms of the query and
 * ~130 ms of cells; on two cores the files are now written while the next rows are read.
 * The bytes are those of the two writers themselves: they get the same cells in the same
 * order.
 *
 * Backpressure: at most MAX_IN_FLIGHT batches are sent and not yet written; `drained()`
 * waits below that, so memory stays flat however many rows (a batch of the ledger's rows is
 * about 1 MB of strings).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { startHelperJob } from '../../jobs/helper-jobs';
import { serializeError, type SerializedError } from '../../jobs/protocol';
import { revive } from '../../jobs/run-job';
import type { Cell, Column, CsvEncoding } from '../layout';
import { hashFile } from '../manifest';
import { CsvWriter } from './csv';
import { XlsxWriter } from './xlsx';

const BATCH_ROWS = 1000;
const MAX_IN_FLIGHT = 4;

/** Job thread → files thread. */
type ToFiles = { rows: Cell[][] } | { end: true } | { abort: true };
/** Files thread → job thread: a batch written (its rows are in the deflate stream), then the outcome. */
type FromFiles = { written: number } | { done: FilesResult } | { failed: SerializedError };

interface Hashed {
  sha256: string;
  bytes: number;
}

export interface FilesResult {
  /** rows written to each file, the header not counted */
  rows: number;
  xlsx: Hashed;
  csv: Hashed;
}

export interface FilesSpec {
  xlsxPath: string;
  csvPath: string;
  columns: readonly Column[];
  sheetName: string;
  encoding: CsvEncoding;
}

export interface FilesInput extends FilesSpec {
  port: MessagePort;
}

/**
 * The jobs worker's side ('exports.writeFiles'): writes the batches arriving on `port` into
 * both files until the end message, then closes and hashes them; the outcome goes back on
 * the port. The port closing early (the job's thread stopped) aborts.
 */
export async function writeFilesFromPort(input: FilesInput): Promise<void> {
  const { port } = input;
  try {
    port.postMessage({ done: await writeFiles(input) } satisfies FromFiles);
  } catch (err) {
    port.postMessage({ failed: serializeError(err) } satisfies FromFiles);
  } finally {
    port.close();
  }
}

async function writeFiles(input: FilesInput): Promise<FilesResult> {
  const { port } = input;
  // Messages are handled one after another: a batch is written (and the deflate stream
  // drained) before the next is looked at.
  const queue: ToFiles[] = [];
  let wake: (() => void) | null = null;
  port.on('message', (message: ToFiles) => {
    queue.push(message);
    wake?.();
  });
  port.on('close', () => {
    queue.push({ abort: true });
    wake?.();
  });
  let xlsx: XlsxWriter | null = null;
  let csv: CsvWriter | null = null;
  let rows = 0;
  try {
    xlsx = await XlsxWriter.open(input.xlsxPath, input.columns, input.sheetName);
    csv = await CsvWriter.open(input.csvPath, input.columns, input.encoding);
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const message = queue.shift()!;
      if ('abort' in message) throw new Error('导出已中止');
      if ('end' in message) break;
      for (const cells of message.rows) {
        xlsx.write(cells);
        csv.write(cells);
        if (++rows % 200 === 0) await xlsx.drained();
      }
      port.postMessage({ written: message.rows.length } satisfies FromFiles);
    }
    csv.end();
    csv = null;
    await xlsx.end();
    xlsx = null;
    const [xlsxHash, csvHash] = await Promise.all([hashFile(input.xlsxPath), hashFile(input.csvPath)]);
    return { rows, xlsx: xlsxHash, csv: csvHash };
  } catch (err) {
    csv?.abort();
    xlsx?.abort();
    throw err;
  }
}

/** The job thread's side: rows in, both files written by the files thread. */
export class FilesThread {
  private batch: Cell[][] = [];
  private inFlight = 0;
  private waiting: { resolve: () => void; reject: (err: unknown) => void } | null = null;
  private failure: unknown = null;
  private finished = false;
  private readonly outcome: Promise<FilesResult>;

  private constructor(private readonly port: MessagePort) {
    this.outcome = new Promise<FilesResult>((resolve, reject) => {
      const fail = (err: Error) => {
        this.failure ??= err;
        this.wake();
        reject(err);
      };
      port.on('message', (message: FromFiles) => {
        if ('written' in message) {
          this.inFlight--;
          if (this.inFlight < MAX_IN_FLIGHT) this.wake();
        } else if ('done' in message) resolve(message.done);
        // A failure there (a full disk) reaches the rows loop at its next drained().
        else fail(revive(message.failed));
      });
      port.on('close', () => fail(new Error('写导出文件的线程意外退出')));
    });
    // observed through drained(), end() and abort()
    this.outcome.catch(() => undefined);
  }

  static open(spec: FilesSpec): FilesThread {
    const { port1, port2 } = new MessageChannel();
    startHelperJob('exports.writeFiles', { ...spec, port: port2 });
    return new FilesThread(port1);
  }

  write(cells: readonly Cell[]): void {
    this.batch.push(cells as Cell[]);
    if (this.batch.length >= BATCH_ROWS) this.send();
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.inFlight++;
    this.port.postMessage({ rows: this.batch } satisfies ToFiles);
    this.batch = [];
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    if (!w) return;
    if (this.failure !== null) w.reject(this.failure);
    else w.resolve();
  }

  /** Resolves when few enough batches are on their way; rejects if the files thread failed. */
  drained(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.inFlight < MAX_IN_FLIGHT) return Promise.resolve();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Sends the last rows and waits for the files, written, closed and hashed. */
  async end(): Promise<FilesResult> {
    if (this.failure !== null) throw this.failure;
    this.send();
    this.port.postMessage({ end: true } satisfies ToFiles);
    this.finished = true;
    try {
      return await this.outcome;
    } finally {
      this.port.close();
    }
  }

  /**
   * Has the files thread close its files without finishing them (the run failed); resolves
   * once it has, so that the caller may remove the temporary folder.
   */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.port.postMessage({ abort: true } satisfies ToFiles);
    await this.outcome.catch(() => undefined);
    this.port.close();
  }
}
