/**
 * A seed on two threads: a worker generates the rows (JSON, audit hashes and all) while
 * this thread inserts the batches it posts. The generator is the same code and sees the
 * same input, so the rows and the chain are the same as on one thread.
 *
 * seedDatabase is synchronous, so this thread does not wait on events but blocks on a
 * shared counter (Atomics.wait) and takes each message with receiveMessageOnPort.
 */
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Generated, SeedInput } from './generate-rows';
import type { RowBatch } from './row-batch';
import { CONSUMED, POSTED, type FromGenerator } from './worker-protocol';

/** A worker that sends nothing for this long has died or hangs. */
const SILENCE_MS = 120_000;

/**
 * From source (tsx, vitest) the worker starts through a bootstrap that loads TypeScript; in
 * the hosts' bundles (build/build-electron.mjs) it is demo-worker.mjs beside the bundle. A
 * CommonJS bundle (the desktop main process) has no import.meta.url, only __filename.
 */
export function workerUrl(): URL {
  const here = typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(__filename).href;
  return new URL(here.endsWith('.ts') ? './worker-entry.mjs' : './demo-worker.mjs', here);
}

export function generateInWorker(input: SeedInput, insert: (batch: RowBatch) => void): Generated {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerUrl(), { workerData: { input, port: port2, signal }, transferList: [port2] });
  worker.unref();
  let received = 0;
  let consumed = 0;
  try {
    for (;;) {
      if (Atomics.wait(signal, POSTED, received, SILENCE_MS) === 'timed-out') throw new Error(`演示数据生成线程 ${SILENCE_MS / 1000} 秒无响应`);
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        received++;
        const message = m.message as FromGenerator;
        if (message.type === 'error') throw new Error(`演示数据生成线程出错：${message.message}`);
        if (message.type === 'done') return message.generated;
        insert(message.batch);
        Atomics.store(signal, CONSUMED, ++consumed);
        Atomics.notify(signal, CONSUMED);
      }
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
