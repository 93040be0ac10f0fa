/**
 * Whether a data folder is a centre server's, and its certificates' fingerprints: read from
 * `<dataDir>/tls/` without creating anything, so that the command line on the server
 * (`devices.createPairingCode` through `npm run cli`) shows the same fingerprint as the
 * server. Only node:crypto here: the CLI must start fast.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CentreIdentity } from '../../db/src/kernel/handler';

export function readCentreIdentity(dataDir: string): CentreIdentity | null {
  const cert = join(dataDir, 'tls', 'server.crt');
  const ca = join(dataDir, 'tls', 'ca.crt');
  if (!existsSync(cert) || !existsSync(ca)) return null;
  return {
    fingerprint: new X509Certificate(readFileSync(cert)).fingerprint256,
    caFingerprint: new X509Certificate(readFileSync(ca)).fingerprint256,
  };
}
