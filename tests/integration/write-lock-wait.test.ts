/**
 * Another process writing the same file (the CLI beside a running server): a write handler
 * waits for its lock instead of failing. A deferred transaction that had read first could
 * not become a write once the other side committed (SQLITE_BUSY at once, whatever the busy
 * timeout); the dispatcher's IMMEDIATE transaction waits at its start. The other writer is
 * a worker thread holding the write lock; nothing is asserted on timings.
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
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO answered_requests (request_key, handler, created_at) VALUES ('other-process-1', 'other', '2026-01-01T00:00:00.000Z')").run();
parentPort.postMessage('holding');
// holds the lock while the core's write starts, then commits
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec('COMMIT');
db.close();
parentPort.postMessage('committed');
`;

describe('a write beside another process writing the same file', { timeout: 120_000 }, () => {
  it('waits for the other writer’s commit and then succeeds', async () => {
    const core = testCore();
    const { tokens } = await withPeople(core, { li: ['clerk'] });
    const worker = new Worker(HOLDER, { eval: true, workerData: { sqlitePath, dbPath: core.dbPath, holdMs: 2500 } });
    const messages: string[] = [];
    const committed = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: string) => {
        messages.push(m);
        if (m === 'committed') resolve();
      });
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const res = await core.dispatch('residents.register', { idNumber: makeId(5, '19800101'), name: '并发' }, tokens.li!);
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true });
    await committed;
    await worker.terminate();
    expect(core.db.prepare("SELECT count(*) AS n FROM answered_requests WHERE request_key = 'other-process-1'").get()).toEqual({ n: 1 });
  });
});
