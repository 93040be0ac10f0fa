/**
 * The serving side of the core process: answers the requests arriving on a port, each on
 * its own (a long handler's answer does not hold a quick one: long work runs on the job
 * threads, db/src/jobs), and pushes every change of status. Knows nothing of Electron:
 * the core process hands it an Electron port (core-link.ts), tests a worker_threads port.
 */
import type { CoreConfig, CoreLink, FromCore, ToCore } from './core-protocol';
import { openCoreSession, type CoreSession } from './core-session';
import type { DesktopCentreInfo } from './server/desktop-centre';

/**
 * The core process's whole work: open the core, serve the port, start the services; in
 * server mode (config.centre) also the centre host, on the same App (the database stays in
 * this process). The host's modules load only then: a standalone start does not pay for
 * the certificate library.
 */
export async function runCore(config: CoreConfig, link: CoreLink): Promise<CoreSession> {
  if (!config.centre) {
    const session = openCoreSession(config);
    serveCore(link, session);
    session.start();
    return session;
  }
  const centreConfig = config.centre;
  const { identityOf, prepareCentreCertificates, startDesktopCentre } = await import('./server/desktop-centre');
  let info: DesktopCentreInfo | null = null;
  let host: { close(): Promise<void> } | null = null;
  // A close may come while the host is still starting: the host that starts after it is
  // closed at once rather than left serving a closed database.
  let closed = false;
  let certs: Awaited<ReturnType<typeof prepareCentreCertificates>> | null = null;
  try {
    certs = await prepareCentreCertificates(config.dataDir, centreConfig);
  } catch (err) {
    info = { error: `无法准备服务器证书：${(err as Error).message}` };
  }
  const opened = openCoreSession(config, console.log, certs ? identityOf(certs) : undefined);
  const session: CoreSession = {
    ...opened,
    async close() {
      closed = true;
      // Devices first: no call may arrive while the database closes.
      await host?.close();
      host = null;
      await opened.close();
    },
  };
  serveCore(link, session, () => info);
  session.start();
  const app = opened.app();
  // The server's own window refreshes what the devices change, as they do with each other's.
  app?.changes.subscribe((change) => link.postMessage({ event: 'change', change } satisfies FromCore));
  if (certs && app) {
    try {
      const started = await startDesktopCentre(app, certs, centreConfig);
      if (closed) {
        await started.close();
        return session;
      }
      host = started;
      info = started.info;
      console.log(`一窗受理中心服务器已启动：${started.info.url}  证书指纹 SHA-256 ${certs.fingerprint}`);
    } catch (err) {
      info = { error: (err as Error).message };
    }
  } else if (certs) {
    info = { error: '数据库未能打开，中心服务器没有启动' };
  }
  if (info && 'error' in info) console.error(`[onewindow] ${info.error}`);
  return session;
}

export function serveCore(link: CoreLink, session: CoreSession, centre: () => DesktopCentreInfo | null = () => null): void {
  const post = (message: FromCore) => link.postMessage(message);
  session.onStatus((status) => post({ event: 'status', status }));

  async function answer(request: ToCore): Promise<void> {
    if ('control' in request) {
      if (request.control === 'status') return post({ id: request.id, ok: true, value: session.status() });
      if (request.control === 'centre') return post({ id: request.id, ok: true, value: centre() });
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
