/**
 * The centre server's TLS identity: its own certificate authority (the "centre
 * certificate", which clients pin when they pair) and a server certificate signed by it for
 * the names and addresses the administrator confirmed. Personal data crosses the centre's
 * network, so the server never listens without TLS; and no public CA issues certificates
 * for a machine called `server-01` at 192.168.1.10, hence a CA of our own.
 *
 * Created with @peculiar/x509 on Node's WebCrypto (no hand-made ASN.1 or signatures).
 * The server certificate is renewed at start when it expires within 30 days or the names
 * changed; the CA stays, so paired clients keep trusting the server.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { makePrivateDir, writePrivateFile, writePrivateJsonFile } from '../../db/src/database/private-files';

x509.cryptoProvider.set(webcrypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
const CA_DAYS = 20 * 365;
/** what browsers accept for a server certificate; renewal is automatic anyway */
const SERVER_DAYS = 397;
const RENEW_WITHIN_DAYS = 30;

export const TLS_FOLDER = 'tls';
const FILES = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'server.crt', key: 'server.key', names: 'server-names.json' } as const;

/** What the server certificate is valid for. */
export interface ServerNames {
  /** host names, e.g. `onewindow-server`, `localhost` */
  dns: string[];
  /** IPv4 or IPv6 addresses, e.g. `192.168.1.10`, `127.0.0.1` */
  ip: string[];
}

export interface CentreCertificates {
  caCertPem: string;
  certPem: string;
  keyPem: string;
  /** SHA-256 of the server certificate, `AB:CD:…` */
  fingerprint: string;
  /** SHA-256 of the centre certificate (the CA), which clients pin */
  caFingerprint: string;
  names: ServerNames;
  notAfter: Date;
  /** what this start had to make: nothing, a new server certificate, or everything */
  created: 'none' | 'server' | 'all';
}

interface KeyAndCert {
  certPem: string;
  keyPem: string;
}

export const fingerprintOf = (certPem: string) => new X509Certificate(certPem).fingerprint256;

/** Host names and addresses, checked and put in one order, so that a comparison means something. */
export function normaliseNames(names: ServerNames): ServerNames {
  const dns = [...new Set(names.dns.map((n) => n.trim().toLowerCase()).filter(Boolean))].sort();
  const ip = [...new Set(names.ip.map((n) => n.trim()).filter(Boolean))].sort();
  for (const name of dns) {
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(name)) {
      throw new Error(`服务器名称无效：${name}（只能用字母、数字、连字符和点）`);
    }
  }
  for (const address of ip) if (isIP(address) === 0) throw new Error(`服务器地址无效：${address}`);
  if (dns.length + ip.length === 0) throw new Error('服务器证书至少需要一个名称或地址');
  return { dns, ip };
}

type Key = webcrypto.CryptoKey;

const pemOfKey = (key: Key) => KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;

function importKey(pem: string): Promise<Key> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
}

const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
const generateKeys = () => webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
/** a minute back, so that a client whose clock is a little behind still accepts a new certificate */
const notBefore = (now: Date) => new Date(now.getTime() - 60_000);
/** names go into the subject as printable text: keep the distinguished-name syntax out */
const dnValue = (text: string) => text.replace(/[,+="\\<>;#]/g, ' ').trim() || '社区事务受理服务中心';

export async function createCertificateAuthority(centreName: string, now: Date): Promise<KeyAndCert> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=一窗受理 中心证书 ${dnValue(centreName)}, O=${dnValue(centreName)}`,
    notBefore: notBefore(now),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: pemOfKey(keys.privateKey) };
}

export async function issueServerCertificate(ca: KeyAndCert, names: ServerNames, now: Date): Promise<KeyAndCert> {
  const checked = normaliseNames(names);
  const caCert = new x509.X509Certificate(ca.certPem);
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${checked.dns[0] ?? checked.ip[0]}`,
    issuer: caCert.subject,
    notBefore: notBefore(now),
    notAfter: new Date(now.getTime() + SERVER_DAYS * DAY_MS),
    signingKey: await importKey(ca.keyPem),
    publicKey: keys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...checked.dns.map((value) => ({ type: 'dns' as const, value })),
        ...checked.ip.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: pemOfKey(keys.privateKey) };
}

const sameNames = (a: ServerNames, b: ServerNames) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replaces a key and its certificate so that a crash at any moment leaves a matching pair:
 * both are written whole beside the old ones (`.next`), then renamed; a start that finds
 * both `.next` files finishes the renames (settlePair), one alone was never complete.
 */
function writePair(dir: string, cert: string, key: string, pair: KeyAndCert): void {
  writePrivateFile(join(dir, `${key}.next`), pair.keyPem);
  writePrivateFile(join(dir, `${cert}.next`), pair.certPem);
  settlePair(dir, cert, key);
}

function settlePair(dir: string, cert: string, key: string): void {
  const [certNext, keyNext] = [join(dir, `${cert}.next`), join(dir, `${key}.next`)];
  if (existsSync(certNext) && existsSync(keyNext)) {
    renameSync(keyNext, join(dir, key));
    renameSync(certNext, join(dir, cert));
  } else if (existsSync(certNext)) {
    // the key was renamed already: only the certificate's rename is left
    renameSync(certNext, join(dir, cert));
  } else {
    rmSync(keyNext, { force: true });
  }
}

function readPair(dir: string, cert: string, key: string): KeyAndCert | null {
  settlePair(dir, cert, key);
  const certPath = join(dir, cert);
  const keyPath = join(dir, key);
  if (!existsSync(certPath) || !existsSync(keyPath)) return null;
  const pair = { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
  // A key file from another certificate would make every TLS handshake fail later, with a
  // message nobody at the centre could act on.
  if (!new X509Certificate(pair.certPem).checkPrivateKey(createPrivateKey(pair.keyPem))) {
    throw new Error(`证书与私钥不匹配：${certPath}（请从备份恢复 ${dir} 或删除该文件夹后重新配对所有设备）`);
  }
  return pair;
}


/**
 * The server's certificates in `<dataDir>/tls/` (0700; keys 0600): made on first start,
 * the server certificate renewed when it expires within 30 days or `names` changed.
 */
export async function loadOrCreateCertificates(dataDir: string, options: { centreName: string; names: ServerNames; now: Date }): Promise<CentreCertificates> {
  const dir = join(dataDir, TLS_FOLDER);
  makePrivateDir(dir);
  const names = normaliseNames(options.names);
  let created: CentreCertificates['created'] = 'none';

  let ca = readPair(dir, FILES.caCert, FILES.caKey);
  if (!ca) {
    ca = await createCertificateAuthority(options.centreName, options.now);
    writePair(dir, FILES.caCert, FILES.caKey, ca);
    created = 'all';
  }

  let server = created === 'all' ? null : readPair(dir, FILES.cert, FILES.key);
  if (server) {
    const current = new X509Certificate(server.certPem);
    const stored = existsSync(join(dir, FILES.names)) ? (JSON.parse(readFileSync(join(dir, FILES.names), 'utf8')) as ServerNames) : null;
    const expiring = Date.parse(current.validTo) - options.now.getTime() < RENEW_WITHIN_DAYS * DAY_MS;
    const signedByCa = current.checkIssued(new X509Certificate(ca.certPem)) && current.verify(new X509Certificate(ca.certPem).publicKey);
    if (expiring || !stored || !sameNames(stored, names) || !signedByCa) server = null;
  }
  if (!server) {
    server = await issueServerCertificate(ca, names, options.now);
    writePair(dir, FILES.cert, FILES.key, server);
    writePrivateJsonFile(join(dir, FILES.names), names);
    if (created === 'none') created = 'server';
  }

  return {
    caCertPem: ca.certPem,
    certPem: server.certPem,
    keyPem: server.keyPem,
    fingerprint: fingerprintOf(server.certPem),
    caFingerprint: fingerprintOf(ca.certPem),
    names,
    notAfter: new Date(new X509Certificate(server.certPem).validTo),
    created,
  };
}
