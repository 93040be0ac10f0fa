/**
 * The body of electron/core-process.ts on a worker thread: the same runCore, served on the
 * worker_threads MessagePort the test transferred instead of Electron's MessagePortMain.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { CoreConfig } from '../../electron/core-protocol';
import { runCore } from '../../electron/core-serve';

const { config, port } = workerData as { config: CoreConfig; port: MessagePort };
void runCore(config, port);
