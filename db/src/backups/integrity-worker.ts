/**
 * The start-up quick_check on a worker thread. On a centre's file it takes seconds and on a
 * district's archive most of a minute (about 2.5 s per GiB here), which the counter must
 * not wait for: the host serves at once and switches to recovery if the check fails.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { checkFailure } from './integrity';

// CommonJS source, so that the worker needs neither a TypeScript loader nor a bundle entry.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  parentPort.postMessage({ rows: db.pragma('quick_check(20)').map((r) => r.quick_check) });
} catch (err) {
  parentPort.postMessage({ error: { message: String(err && err.message), code: err && err.code } });
} finally {
  if (db) db.close();
}`;

function driverPath(): string {
  // The Electron bundle is CommonJS (require exists); tsx and vitest run this as ESM.
  const req = typeof require === 'function' ? require : createRequire(import.meta.url);
  return req.resolve('better-sqlite3');
}

export interface BackgroundCheck {
  /** resolves when the file passed; rejects with DatabaseCorruptError or DatabaseUnreadableError */
  result: Promise<void>;
  /** stops the check (closing the core before it finished) */
  stop(): void;
}

export function checkDatabaseIntegrityInBackground(path: string): BackgroundCheck {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver: driverPath() } });
  let stopped = false;
  const result = new Promise<void>((resolve, reject) => {
    worker.once('message', (msg: { rows: string[] } | { error: { message: string; code?: string } }) => {
      const failure = 'rows' in msg ? checkFailure(msg) : checkFailure({ error: Object.assign(new Error(msg.error.message), { code: msg.error.code }) });
      if (failure) reject(failure);
      else resolve();
    });
    worker.once('error', (err) => reject(checkFailure({ error: err }) ?? err));
    worker.once('exit', (code) => {
      if (stopped) resolve();
      else if (code !== 0) reject(new Error(`完整性检查线程意外退出（${code}）`));
    });
  });
  return {
    result,
    stop() {
      stopped = true;
      void worker.terminate();
    },
  };
}
