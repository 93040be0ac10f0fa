/**
 * The desktop's core process (an Electron utilityProcess, bundled as dist/electron/core-process.cjs):
 * the database, the dispatcher and the background services live here, off the main process,
 * so a long handler or a slow disk never freezes a window. Main starts it with
 * utilityProcess.fork and posts one message carrying the configuration and a MessagePort.
 */
import type { CoreStart } from './core-protocol';
import { electronLink, serveCore } from './core-serve';
import { openCoreSession } from './core-session';

process.parentPort.once('message', (e) => {
  const [port] = e.ports;
  const { config } = e.data as CoreStart;
  if (!port) throw new Error('core process started without a port');
  const session = openCoreSession(config);
  // After a close main ends this process (its answer first reaches main, then the kill comes).
  serveCore(electronLink(port), session);
  session.start();
});
