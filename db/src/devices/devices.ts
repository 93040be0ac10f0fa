/**
 * The devices of a centre server: who may call it over the network. Rows and their views;
 * pairing and the credential check are in pairing.ts.
 */
import type Database from 'better-sqlite3';
import { prepared } from '../kernel/prepared';

export type DeviceKind = 'workstation' | 'kiosk';
/** 待配对 / 配对码已过期 / 已配对 / 已停用 */
export type DeviceState = 'pending' | 'expired' | 'paired' | 'revoked';

export interface DeviceRow {
  id: number;
  name: string;
  kind: DeviceKind;
  window_no: string | null;
  pairing_code_hash: string | null;
  pairing_expires_at: string | null;
  credential_hash: string | null;
  created_at: string;
  created_by: number;
  paired_at: string | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
}

export interface DeviceView {
  id: number;
  name: string;
  kind: DeviceKind;
  windowNo: string | null;
  state: DeviceState;
  createdAt: string;
  createdBy: string;
  pairingExpiresAt: string | null;
  pairedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export const DEVICE_KIND_LABELS: Record<DeviceKind, string> = { workstation: '工作站（窗口、后台）', kiosk: '自助查询机' };

export function deviceState(row: Pick<DeviceRow, 'revoked_at' | 'paired_at' | 'pairing_expires_at'>, now: Date): DeviceState {
  if (row.revoked_at) return 'revoked';
  if (row.paired_at) return 'paired';
  return row.pairing_expires_at && Date.parse(row.pairing_expires_at) > now.getTime() ? 'pending' : 'expired';
}

export function deviceById(db: Database.Database, id: number): DeviceRow | undefined {
  return prepared<[number], DeviceRow>(db, 'SELECT * FROM devices WHERE id = ?').get(id);
}

type ListedRow = DeviceRow & { created_by_name: string; revoked_by_name: string | null };

export function listDevices(db: Database.Database, now: Date): DeviceView[] {
  const rows = prepared<[], ListedRow>(
    db,
    `SELECT d.*, c.display_name AS created_by_name, r.display_name AS revoked_by_name
       FROM devices d JOIN users c ON c.id = d.created_by LEFT JOIN users r ON r.id = d.revoked_by
      ORDER BY d.revoked_at IS NOT NULL, d.name, d.id`,
  ).all();
  return rows.map((row) => toView(row, now));
}

export function toView(row: ListedRow, now: Date): DeviceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    windowNo: row.window_no,
    state: deviceState(row, now),
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    pairingExpiresAt: row.paired_at || row.revoked_at ? null : row.pairing_expires_at,
    pairedAt: row.paired_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by_name,
  };
}

/** What the audit log keeps of a device: never a code or credential hash. */
export function auditState(row: DeviceRow, now: Date) {
  return { name: row.name, kind: row.kind, windowNo: row.window_no, state: deviceState(row, now) };
}
