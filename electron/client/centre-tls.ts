/**
 * The desktop client's TLS decisions about a centre server, in plain Node: the address and
 * fingerprint a person typed, the one pinned connection used for pairing, and which
 * failures are the network (retry) and which are a certificate we refuse (never retried).
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type TLSSocket } from 'node:tls';

/** A refusal while pairing, worded for the person at the desk; nothing was stored. */
export class PairingError extends Error {
  constructor(
    message: string,
    readonly code: string = 'PAIRING',
  ) {
    super(message);
    this.name = 'PairingError';
  }
}

/** The server's address as the person typed it (`192.168.1.10:8443`, `https://…/`) → `https://host:port`. */
export function normaliseCentreUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new PairingError(`服务器地址无效：${raw}（例如 https://192.168.1.10:8443）`, 'BAD_URL');
  }
  if (url.protocol !== 'https:') throw new PairingError('服务器地址必须以 https:// 开头：中心服务器只接受加密连接', 'BAD_URL');
  if (url.username || url.password) throw new PairingError('服务器地址中不能包含用户名或密码', 'BAD_URL');
  if (!url.hostname) throw new PairingError(`服务器地址无效：${raw}`, 'BAD_URL');
  return url.origin;
}

/**
 * A SHA-256 fingerprint as Node prints it (`AB:CD:…`, 32 pairs), from what the person typed
 * off the server's screen: with or without colons or spaces, any case.
 */
export function normaliseFingerprint(raw: string): string {
  const hex = raw.replace(/[\s:：-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new PairingError('证书指纹格式不对：应为服务器屏幕上显示的 SHA-256 指纹（64 位十六进制数字，可带冒号）', 'BAD_FINGERPRINT');
  return hex.match(/../g)!.join(':');
}

const shortPrint = (fp: string) => `${fp.slice(0, 11)}…${fp.slice(-5)}`;

/**
 * Opens a TLS connection to `origin` and keeps it only when the server's certificate is the
 * one whose fingerprint the person typed: before pairing the client trusts nothing else,
 * so the usual chain check is replaced by this exact comparison. The hostname is checked as
 * well, so that later calls (pinned to the centre certificate) reach the same name.
 */
export function connectPinned(origin: string, fingerprint: string, timeoutMs: number): Promise<{ socket: TLSSocket; peer: X509Certificate }> {
  const url = new URL(origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ...(isIP(host) ? {} : { servername: host }), rejectUnauthorized: false, minVersion: 'TLSv1.2' });
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new PairingError(`连接服务器超时：${origin}`, 'NETWORK')));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(new PairingError(`无法连接服务器 ${origin}：${networkReason(err)}`, 'NETWORK')));
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      const cert = socket.getPeerCertificate(false);
      if (!cert?.raw) return fail(new PairingError('服务器没有出示证书，已拒绝连接', 'CERTIFICATE'));
      const seen = cert.fingerprint256.toUpperCase();
      if (seen !== fingerprint) {
        return fail(
          new PairingError(
            `服务器证书的指纹与您输入的不一致（服务器出示的是 ${shortPrint(seen)}，您输入的是 ${shortPrint(fingerprint)}），已拒绝连接：请核对服务器屏幕上显示的指纹和服务器地址。`,
            'CERTIFICATE',
          ),
        );
      }
      const wrongName = checkServerIdentity(host, cert);
      if (wrongName) return fail(new PairingError(`服务器证书不包含地址 ${host}：请使用服务器屏幕上显示的地址`, 'CERTIFICATE'));
      resolve({ socket, peer: new X509Certificate(cert.raw) });
    });
  });
}

/** The centre certificate the server answered must be the one that signed what it showed. */
export function checkCentreCertificate(caCertPem: unknown, caFingerprint: unknown, peer: X509Certificate): string {
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(String(caCertPem));
  } catch {
    throw new PairingError('服务器返回的中心证书无法读取，已停止配对', 'CERTIFICATE');
  }
  if (!ca.ca || ca.fingerprint256 !== caFingerprint || !peer.checkIssued(ca) || !peer.verify(ca.publicKey)) {
    throw new PairingError('服务器返回的中心证书与它出示的服务器证书不匹配，已停止配对', 'CERTIFICATE');
  }
  return String(caCertPem);
}

/** A TLS refusal of the server's certificate (another CA, a wrong name): never retried. */
export function isCertificateError(err: unknown): boolean {
  const code = String((err as NodeJS.ErrnoException | null)?.code ?? '');
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT/.test(code);
}

export function networkReason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return '服务器没有响应（程序未启动或端口被防火墙阻挡）';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return '找不到该服务器名称';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return '网络不通';
    case 'ECONNRESET':
      return '连接被中断';
    default:
      return err.message;
  }
}
