/**
 * The desktop's core process (an Electron utilityProcess, bundled as dist/electron/core-process.cjs):
 * the database, the dispatcher and the background services live here, off the main process,
 * so a long handler or a slow disk never freezes a window. Main starts it with
 * utilityProcess.fork and posts one message carrying the configuration and a MessagePort;
 * after a close it ends the process.
 */
import type { CoreStart } from './core-protocol';
import { electronLink } from './core-link';
import { runCore } from './core-serve';

process.parentPort.once('message', (e) => {
  const [port] = e.ports;
  if (!port) throw new Error('core process started without a port');
  // A start that throws ends this process (unhandled rejection): main shows that the core stopped.
  void runCore((e.data as CoreStart).config, electronLink(port));
});
