import { describe, expect, it } from 'vitest';
import { request, createServer, type Server } from 'node:https';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, fingerprintOf, issueServerCertificate, loadOrCreateCertificates, type CentreCertificates } from '../../electron/server/certificates';
import { tempDir } from '../support/temp';

const NAMES = { dns: ['onewindow-server', 'localhost'], ip: ['127.0.0.1'] };
const NOW = new Date('2026-12-07T09:00:00+08:00');

async function serve(certs: Pick<CentreCertificates, 'certPem' | 'keyPem'>): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: certs.certPem, key: certs.keyPem }, (_req, res) => res.end('一窗受理'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** A client that trusts only the pinned centre certificate, as a paired device does. */
function fetchPinned(port: number, caPem: string, servername?: string): Promise<{ body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', ca: caPem, agent: false, ...(servername ? { servername, headers: { host: servername } } : {}) }, (res) => {
      // read while the connection is open: after the end the socket is handed back
      const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ body, fingerprint }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the centre server certificates', () => {
  it('first start makes a centre CA and a server certificate a pinned client accepts; keys are private', async () => {
    const dataDir = tempDir();
    const certs = await loadOrCreateCertificates(dataDir, { centreName: '示范街道社区事务受理服务中心', names: NAMES, now: NOW });
    expect(certs.created).toBe('all');
    expect(certs.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certs.caFingerprint).not.toBe(certs.fingerprint);
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, 'tls')).mode & 0o777).toBe(0o700);
      for (const f of ['ca.key', 'server.key', 'ca.crt', 'server.crt']) expect(statSync(join(dataDir, 'tls', f)).mode & 0o777, f).toBe(0o600);
    }
    const { server, port } = await serve(certs);
    try {
      // The fingerprint the administrator reads out is the one the client sees.
      expect(await fetchPinned(port, certs.caCertPem)).toEqual({ body: '一窗受理', fingerprint: certs.fingerprint });
      expect((await fetchPinned(port, certs.caCertPem, 'onewindow-server')).body).toBe('一窗受理');
      // A name the administrator did not confirm is refused.
      await expect(fetchPinned(port, certs.caCertPem, 'other-host')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      // A client that pinned another centre's certificate refuses this server.
      const otherCa = await createCertificateAuthority('另一个中心', NOW);
      await expect(fetchPinned(port, otherCa.certPem)).rejects.toMatchObject({ code: expect.stringMatching(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT_SIGNATURE/) });
    } finally {
      server.close();
    }
  });

  it('a later start keeps both; new names or a near expiry renew only the server certificate, which the pinned CA still covers', async () => {
    const dataDir = tempDir();
    const first = await loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW });
    const again = await loadOrCreateCertificates(dataDir, { centreName: '中心', names: { dns: ['LOCALHOST', 'onewindow-server'], ip: ['127.0.0.1'] }, now: NOW });
    expect(again).toMatchObject({ created: 'none', fingerprint: first.fingerprint, caFingerprint: first.caFingerprint });

    const renamed = await loadOrCreateCertificates(dataDir, { centreName: '中心', names: { dns: ['localhost'], ip: ['127.0.0.1', '192.168.1.10'] }, now: NOW });
    expect(renamed.created).toBe('server');
    expect(renamed.caFingerprint).toBe(first.caFingerprint);
    expect(renamed.fingerprint).not.toBe(first.fingerprint);

    const { server, port } = await serve(renamed);
    try {
      expect(await fetchPinned(port, first.caCertPem)).toMatchObject({ fingerprint: renamed.fingerprint });
    } finally {
      server.close();
    }

    const later = new Date(renamed.notAfter.getTime() - 29 * 86_400_000);
    const renewed = await loadOrCreateCertificates(dataDir, { centreName: '中心', names: renamed.names, now: later });
    expect(renewed.created).toBe('server');
    expect(renewed.caFingerprint).toBe(first.caFingerprint);
    expect(renewed.notAfter.getTime()).toBeGreaterThan(renamed.notAfter.getTime());
    // Signed by the same centre certificate the clients pinned (it lies in the future, so no handshake today).
    const ca = new X509Certificate(first.caCertPem);
    expect(new X509Certificate(renewed.certPem).checkIssued(ca)).toBe(true);
    expect(new X509Certificate(renewed.certPem).verify(ca.publicKey)).toBe(true);
  });

  it('refuses names that are not host names or addresses, and a key that does not belong to its certificate', async () => {
    const dataDir = tempDir();
    await expect(loadOrCreateCertificates(dataDir, { centreName: '中心', names: { dns: ['bad name'], ip: [] }, now: NOW })).rejects.toThrow('服务器名称无效');
    await expect(loadOrCreateCertificates(dataDir, { centreName: '中心', names: { dns: [], ip: ['300.1.1.1'] }, now: NOW })).rejects.toThrow('服务器地址无效');
    await loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW });
    writeFileSync(join(dataDir, 'tls', 'server.key'), readFileSync(join(dataDir, 'tls', 'ca.key')));
    await expect(loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW })).rejects.toThrow('证书与私钥不匹配');
  });

  it('a renewal cut off at any point leaves a key and certificate that belong together', async () => {
    const dataDir = tempDir();
    const tls = join(dataDir, 'tls');
    const first = await loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW });
    const ca = { certPem: readFileSync(join(tls, 'ca.crt'), 'utf8'), keyPem: readFileSync(join(tls, 'ca.key'), 'utf8') };
    const next = await issueServerCertificate(ca, NAMES, NOW);
    // Cut off after the new key was written, before its certificate: the old pair stays.
    writeFileSync(join(tls, 'server.key.next'), next.keyPem);
    expect((await loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW })).fingerprint).toBe(first.fingerprint);
    // Cut off after both were written: the start finishes the switch.
    writeFileSync(join(tls, 'server.key.next'), next.keyPem);
    writeFileSync(join(tls, 'server.crt.next'), next.certPem);
    expect((await loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW })).fingerprint).toBe(fingerprintOf(next.certPem));
    // Cut off between the two renames: the key is new, its certificate still waits.
    const third = await issueServerCertificate(ca, NAMES, NOW);
    writeFileSync(join(tls, 'server.key'), third.keyPem);
    writeFileSync(join(tls, 'server.crt.next'), third.certPem);
    const loaded = await loadOrCreateCertificates(dataDir, { centreName: '中心', names: NAMES, now: NOW });
    expect(loaded).toMatchObject({ created: 'none', fingerprint: fingerprintOf(third.certPem) });
  });
});
