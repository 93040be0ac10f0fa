/**
 * While a bulk import holds the write lock (its one transaction, up to a minute), another
 * person's save waits the busy timeout and is then refused with a clear Chinese CONFLICT,
 * not an internal error. The holder here is a worker thread that keeps the lock until the
 * save has been answered: nothing depends on timings.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { makeId } from '../support/ids';
import { testCore, withPeople } from '../support/temp';

const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');

const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.dbPath);
db.exec('BEGIN IMMEDIATE');
parentPort.postMessage('holding');
Atomics.wait(new Int32Array(workerData.release), 0, 0);
db.exec('ROLLBACK');
db.close();
parentPort.postMessage('released');
`;

describe('a save while another connection holds the write lock past the busy timeout', { timeout: 120_000 }, () => {
  it('is refused with CONFLICT in Chinese, changing nothing', async () => {
    const core = testCore();
    const { tokens } = await withPeople(core, { li: ['clerk'] });
    const release = new SharedArrayBuffer(4);
    const worker = new Worker(HOLDER, { eval: true, workerData: { sqlitePath, dbPath: core.dbPath, release } });
    const released = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: string) => m === 'released' && resolve());
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const res = await core.dispatch('residents.register', { idNumber: makeId(5, '19800101'), name: '并发' }, tokens.li!);
    Atomics.store(new Int32Array(release), 0, 1);
    Atomics.notify(new Int32Array(release), 0);
    await released;
    await worker.terminate();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('CONFLICT');
    expect(res.error.message).toMatch(/数据库正忙/);
    expect(core.db.prepare('SELECT count(*) AS n FROM residents').get()).toEqual({ n: 0 });
  });
});
