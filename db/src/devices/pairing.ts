/**
 * Pairing a device with the centre server and recognising it afterwards.
 *
 * The pairing code is what the administrator reads out or types on the client: 8 digits,
 * valid 10 minutes, usable once. The credential the client then receives is 32 random
 * bytes, shown once and stored here only as its SHA-256 (like session tokens), so the
 * database never holds anything a thief could present. Guessing codes is limited by the
 * host (per-source attempts, as for sign-in) and by the 10-minute window.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../kernel/errors';
import { appendAudit } from '../kernel/audit-chain';
import { prepared } from '../kernel/prepared';
import { auditState, deviceById, type DeviceKind, type DeviceRow } from './devices';

export const PAIRING_CODE_DIGITS = 8;
export const PAIRING_CODE_MINUTES = 10;
/** last_seen_at is written at most this often, so that every call does not write */
const LAST_SEEN_EVERY_MS = 60_000;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A fresh code no other waiting device holds (a collision among 10^8 is rare, but costs a retry only). */
export function newPairingCode(db: Database.Database, now: Date): string {
  for (;;) {
    const code = String(randomInt(0, 10 ** PAIRING_CODE_DIGITS)).padStart(PAIRING_CODE_DIGITS, '0');
    const taken = prepared<[string, string], { id: number }>(
      db,
      'SELECT id FROM devices WHERE pairing_code_hash = ? AND pairing_expires_at > ?',
    ).get(sha256(code), now.toISOString());
    if (!taken) return code;
  }
}

export interface PairedDevice {
  deviceId: number;
  name: string;
  kind: DeviceKind;
  windowNo: string | null;
  /** shown to the client once; only its hash is kept */
  credential: string;
}

const pairingRefused = () => new AppError('UNAUTHENTICATED', '配对码无效或已过期：请管理员在中心服务器上重新生成配对码', { details: { pairing: 'refused' } });

/**
 * Exchanges a pairing code for the device credential, once. Called by the centre server's
 * `POST /api/pair` (over TLS) without a session: the code is the proof. Audited as the
 * system, naming the device.
 */
export function pairDevice(db: Database.Database, code: string, now: Date, from: string | null): PairedDevice {
  if (!new RegExp(`^\\d{${PAIRING_CODE_DIGITS}}$`).test(code)) throw pairingRefused();
  return db.transaction(() => {
    const row = prepared<[string, string], DeviceRow>(
      db,
      'SELECT * FROM devices WHERE pairing_code_hash = ? AND pairing_expires_at > ? AND paired_at IS NULL AND revoked_at IS NULL',
    ).get(sha256(code), now.toISOString());
    if (!row) throw pairingRefused();
    const credential = randomBytes(32).toString('base64url');
    prepared<{ id: number; hash: string; at: string }>(
      db,
      `UPDATE devices SET credential_hash = @hash, paired_at = @at, last_seen_at = @at,
              pairing_code_hash = NULL, pairing_expires_at = NULL WHERE id = @id`,
    ).run({ id: row.id, hash: sha256(credential), at: now.toISOString() });
    appendAudit(db, null, now, {
      handler: 'devices.pair',
      action: 'pair',
      recordType: 'device',
      recordId: row.id,
      before: auditState(row, now),
      after: { ...auditState(deviceById(db, row.id)!, now), ...(from ? { from } : {}) },
    });
    return { deviceId: row.id, name: row.name, kind: row.kind, windowNo: row.window_no, credential };
  })();
}

export interface KnownDevice {
  id: number;
  name: string;
  kind: DeviceKind;
  windowNo: string | null;
}

/**
 * The device a credential belongs to, for every call over the network. A revoked device
 * gets its own code so the client can say so instead of retrying; an unknown credential
 * is told nothing more.
 */
export function authenticateDevice(db: Database.Database, credential: string | null | undefined, now: Date): KnownDevice {
  if (!credential) throw new AppError('DEVICE_UNKNOWN', '本设备尚未与中心服务器配对：请输入管理员提供的配对码');
  const row = prepared<[string], DeviceRow>(db, 'SELECT * FROM devices WHERE credential_hash = ?').get(sha256(credential));
  if (!row) throw new AppError('DEVICE_UNKNOWN', '本设备的配对凭据无效：请输入管理员提供的配对码重新配对');
  if (row.revoked_at) throw new AppError('DEVICE_REVOKED', `本设备（${row.name}）已被管理员停用：如需继续使用，请管理员重新配对`, { details: { deviceId: row.id } });
  if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) >= LAST_SEEN_EVERY_MS) {
    prepared<[string, number]>(db, 'UPDATE devices SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), row.id);
  }
  return { id: row.id, name: row.name, kind: row.kind, windowNo: row.window_no };
}
