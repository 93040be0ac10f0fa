/**
 * The serving side of the core process: answers the requests arriving on a port, each on
 * its own (a long handler's answer does not hold a quick one: long work runs on the job
 * threads, db/src/jobs), and pushes every change of status. Knows nothing of Electron:
 * the core process hands it an Electron port (core-link.ts), tests a worker_threads port.
 */
import type { CoreConfig, CoreLink, FromCore, ToCore } from './core-protocol';
import { openCoreSession, type CoreSession } from './core-session';

/** The core process's whole work: open the core, serve the port, start the services. */
export function runCore(config: CoreConfig, link: CoreLink): CoreSession {
  const session = openCoreSession(config);
  serveCore(link, session);
  session.start();
  return session;
}

export function serveCore(link: CoreLink, session: CoreSession): void {
  const post = (message: FromCore) => link.postMessage(message);
  session.onStatus((status) => post({ event: 'status', status }));

  async function answer(request: ToCore): Promise<void> {
    if ('control' in request) {
      if (request.control === 'status') return post({ id: request.id, ok: true, value: session.status() });
      await session.close();
      return post({ id: request.id, ok: true, value: null });
    }
    const res = await session.dispatch(request.name, request.input, request.token, request.caller, request.requestKey);
    post(res.ok ? { id: request.id, ok: true, value: res.result } : { id: request.id, ok: false, error: res.error });
  }

  link.on('message', (message) => {
    const request = message as ToCore;
    if (!request || typeof request !== 'object' || typeof request.id !== 'number') return;
    answer(request).catch((err: unknown) => {
      // A value that cannot be cloned, or a close that failed: the caller still gets an answer.
      post({ id: request.id, ok: false, error: { code: 'INTERNAL', message: `内部错误：${(err as Error)?.message ?? String(err)}` } });
    });
  });
}
