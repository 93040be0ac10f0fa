/**
 * The generating side of a two-thread seed (see worker-client.ts): runs the generator and
 * posts each batch to the inserting thread, staying at most a few batches ahead of it.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { generateSeed, type SeedInput } from './generate-rows';
import { BATCHES_AHEAD, POSTED, CONSUMED, type FromGenerator } from './worker-protocol';

const { input, port, signal } = workerData as { input: SeedInput; port: MessagePort; signal: Int32Array };
let posted = 0;
const post = (message: FromGenerator) => {
  port.postMessage(message);
  Atomics.store(signal, POSTED, ++posted);
  Atomics.notify(signal, POSTED);
};
try {
  const generated = generateSeed(input, (batch) => {
    post({ type: 'batch', batch });
    for (let consumed = Atomics.load(signal, CONSUMED); posted - consumed > BATCHES_AHEAD; consumed = Atomics.load(signal, CONSUMED)) {
      Atomics.wait(signal, CONSUMED, consumed);
    }
  });
  post({ type: 'done', generated });
} catch (err) {
  post({ type: 'error', message: (err as Error).stack ?? String(err) });
} finally {
  port.close();
}
