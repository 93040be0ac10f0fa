/**
 * The desktop's server mode (`--server`, or 中心服务器 chosen in 运行方式): the same centre
 * host as `npm run server`, started inside the core process beside the App that owns the
 * database, so that no SQL runs on Electron's main process. Plain Node: tests start it on
 * a worker thread exactly as the utilityProcess does.
 */
import type { App } from '../../db/src/app';
import type { CentreIdentity } from '../../db/src/kernel/handler';
import { loadOrCreateCertificates, type CentreCertificates } from './certificates';
import { startCentreServer, type CentreServer } from './centre-host';
import { parseListen, serverNames, shownUrl } from './listen';

export interface DesktopCentreConfig {
  /** `HOST:PORT`; default every address, port 8443 */
  listen?: string;
  /** the built renderer (app.getAppPath()/dist/renderer), served to paired browsers */
  staticDir: string;
  /** the certificate authority's name (first start only) */
  centreName?: string;
  /** further host names the certificate covers */
  names?: string[];
}

/** What the status window shows (runMode.get → server), or why the host did not start. */
export interface DesktopCentreAddress {
  url: string;
  fingerprint: string;
  caFingerprint: string;
  listen: string;
}
export type DesktopCentreInfo = DesktopCentreAddress | { error: string };

export async function prepareCentreCertificates(dataDir: string, config: DesktopCentreConfig, now = new Date()): Promise<CentreCertificates> {
  const listen = parseListen(config.listen);
  return loadOrCreateCertificates(dataDir, { centreName: config.centreName ?? '社区事务受理服务中心', names: serverNames(listen.host, config.names ?? []), now });
}

export const identityOf = (certs: CentreCertificates): CentreIdentity => ({ fingerprint: certs.fingerprint, caFingerprint: certs.caFingerprint });

export async function startDesktopCentre(app: Pick<App, 'dispatch' | 'devices' | 'mode' | 'changes'>, certs: CentreCertificates, config: DesktopCentreConfig): Promise<{ info: DesktopCentreAddress; close(): Promise<void> }> {
  const listen = parseListen(config.listen);
  let server: CentreServer;
  try {
    server = await startCentreServer({ app, certs, staticDir: config.staticDir, host: listen.host, port: listen.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `端口 ${listen.port} 已被其他程序占用` : code === 'EADDRNOTAVAIL' ? `本机没有地址 ${listen.host}` : (err as Error).message;
    throw new Error(`中心服务器未能启动：${why}`);
  }
  const url = shownUrl(listen.host, certs.names, server.port);
  return {
    info: { url, fingerprint: certs.fingerprint, caFingerprint: certs.caFingerprint, listen: `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${server.port}` },
    close: () => server.close(),
  };
}
