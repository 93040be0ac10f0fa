/**
 * A real centre server in this process (the host tests and the desktop client's): certificates in a
 * temp folder, createApp on a real SQLite file (an administrator and a clerk, li, set up on
 * the server), the HTTPS host on 127.0.0.1; and a real reversible sealing of credentials.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../db/src/app';
import type { Protect } from '../../electron/client/centre-link';
import { loadOrCreateCertificates } from '../../electron/server/certificates';
import { startCentreServer, type CentreServer } from '../../electron/server/centre-host';
import { staffId } from './ids';
import { ADMIN, tempDir } from './temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** A real, reversible sealing (AES-256-GCM with a key of this test), as safeStorage is in main. */
export function testProtect(): Protect & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
    },
    decrypt(text) {
      const raw = Buffer.from(text, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** A built renderer stand-in: an index.html and an assets folder. */
export function staticFolder(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body>一窗受理</body></html>');
  mkdirSync(join(dir, 'assets'));
  return dir;
}

/** A centre: its certificates, its app (admin and a clerk set up on the server), its HTTPS host. */
export async function testCentre(closers: (() => Promise<void> | void)[], centreName = '示范中心') {
  const dataDir = tempDir();
  const certs = await loadOrCreateCertificates(dataDir, { centreName, names: { dns: ['localhost'], ip: ['127.0.0.1'] }, now: new Date() });
  const app = createApp({ dataDir, log: quiet, centre: { fingerprint: certs.fingerprint, caFingerprint: certs.caFingerprint } });
  closers.push(() => app.close());
  const staticDir = staticFolder();
  const holder: { server: CentreServer } = { server: await startCentreServer({ app, certs, staticDir, host: '127.0.0.1' }) };
  closers.push(() => holder.server.close());
  const setup = await app.dispatch('accounts.setup', ADMIN);
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const adminToken = await app.login(ADMIN.username, ADMIN.password);
  const local = async (name: string, input: unknown) => {
    const res = await app.dispatch(name, input, adminToken);
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.result as Record<string, any>;
  };
  await local('accounts.create', { username: 'li', password: 'li-pass-1', displayName: '李窗口', staffIdNumber: staffId(2), roles: ['clerk'] });
  const code = async (name: string) => (await local('devices.createPairingCode', { name, windowNo: name })) as { code: string; fingerprint: string; deviceId: number };
  return { app, certs, holder, staticDir, local, code, url: () => `https://127.0.0.1:${holder.server.port}/` };
}

