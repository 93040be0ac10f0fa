/**
 * The XLSX of an export job written on a thread of its own: the job's thread reads the rows
 * and writes the CSV, and sends the same cells in batches to a second jobs worker, where the
 * usual XlsxWriter renders and packs them (its deflate still on zlib's thread pool). On the
 * 60,000-row ledger the job's thread spent some 130–300 ms on the sheet's XML out of about
 * 1.1 s; on two cores that time now runs beside the query. The bytes are those of XlsxWriter
 * itself, as the same writer gets the same cells in the same order.
 *
 * Backpressure: at most MAX_IN_FLIGHT batches are sent and not yet written; `drained()`
 * waits below that, so memory stays flat however many rows (a batch of the ledger's rows is
 * about 1 MB of strings).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { startJob, type JobHandle } from '../../jobs/run-job';
import type { Cell, Column } from '../layout';
import { hashFile } from '../manifest';
import { XlsxWriter } from './xlsx';

const BATCH_ROWS = 1000;
const MAX_IN_FLIGHT = 4;

/** Job thread → sheet thread. */
type ToSheet = { rows: Cell[][] } | { end: true } | { abort: true };
/** Sheet thread → job thread: a batch has been written (its rows are in the deflate stream). */
type FromSheet = { written: number };

export interface XlsxSheetResult {
  rows: number;
  sha256: string;
  bytes: number;
}

export interface XlsxSheetInput {
  path: string;
  columns: readonly Column[];
  sheetName: string;
  port: MessagePort;
}

/**
 * The jobs worker's side ('exports.xlsxSheet'): writes the batches arriving on `port` with
 * an XlsxWriter until the end message, then closes the file.
 */
export async function writeXlsxFromPort(input: XlsxSheetInput): Promise<XlsxSheetResult> {
  const { port } = input;
  const xlsx = await XlsxWriter.open(input.path, input.columns, input.sheetName);
  let rows = 0;
  try {
    // Messages are handled one after another: a batch is written (and the deflate stream
    // drained) before the next is looked at.
    const queue: ToSheet[] = [];
    let wake: (() => void) | null = null;
    port.on('message', (message: ToSheet) => {
      queue.push(message);
      wake?.();
    });
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const message = queue.shift()!;
      if ('abort' in message) {
        xlsx.abort();
        return { rows, sha256: '', bytes: 0 };
      }
      if ('end' in message) break;
      for (const cells of message.rows) {
        xlsx.write(cells);
        if (++rows % 200 === 0) await xlsx.drained();
      }
      port.postMessage({ written: message.rows.length } satisfies FromSheet);
    }
    await xlsx.end();
    // hashed here, while the job's thread hashes the CSV
    return { rows, ...(await hashFile(input.path)) };
  } catch (err) {
    xlsx.abort();
    throw err;
  } finally {
    port.close();
  }
}

/** The job thread's side: the XlsxWriter interface, the work done by the sheet thread. */
export class RemoteXlsxWriter {
  private batch: Cell[][] = [];
  private inFlight = 0;
  private waiting: { resolve: () => void; reject: (err: unknown) => void } | null = null;
  private failure: unknown = null;
  private finished = false;

  private constructor(
    readonly path: string,
    private readonly port: MessagePort,
    private readonly job: JobHandle<XlsxSheetResult>,
  ) {
    port.on('message', (message: FromSheet) => {
      this.inFlight--;
      if (this.inFlight < MAX_IN_FLIGHT) this.wake();
    });
    // A failure there (a full disk) reaches the rows loop at its next drained().
    job.result.catch((err: unknown) => {
      this.failure = err;
      this.wake();
    });
  }

  static async open(path: string, columns: readonly Column[], sheetName: string): Promise<RemoteXlsxWriter> {
    const { port1, port2 } = new MessageChannel();
    const job = startJob('exports.xlsxSheet', { path, columns, sheetName, port: port2 }, { transfer: [port2] });
    return new RemoteXlsxWriter(path, port1, job);
  }

  write(cells: readonly Cell[]): void {
    this.batch.push(cells as Cell[]);
    if (this.batch.length >= BATCH_ROWS) this.send();
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.inFlight++;
    this.port.postMessage({ rows: this.batch } satisfies ToSheet);
    this.batch = [];
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    if (!w) return;
    if (this.failure !== null) w.reject(this.failure);
    else w.resolve();
  }

  /** Resolves when few enough batches are on their way; rejects if the sheet thread failed. */
  drained(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.inFlight < MAX_IN_FLIGHT) return Promise.resolve();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Sends the last rows and waits for the file, written, closed and hashed. */
  async end(): Promise<XlsxSheetResult> {
    if (this.failure !== null) throw this.failure;
    this.send();
    this.port.postMessage({ end: true } satisfies ToSheet);
    this.finished = true;
    const result = await this.job.result;
    this.port.close();
    return result;
  }

  /**
   * Has the sheet thread close its file without finishing it (the run failed); resolves once
   * it has, so that the caller may remove the temporary folder.
   */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.port.postMessage({ abort: true } satisfies ToSheet);
    await this.job.result.catch(() => undefined);
    this.port.close();
  }
}
