import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { AuditEntry } from './audit-chain';
import type { SessionStore } from './sessions';

/** `public` needs no session; the others are the roles a person can hold. */
export type Role = 'public' | 'clerk' | 'reviewer' | 'admin';
export type PersonRole = Exclude<Role, 'public'>;

export interface Session {
  userId: number;
  username: string;
  displayName: string;
  roles: PersonRole[];
  /** an account made before staff ID numbers: it may only record its number (and sign out) */
  needsStaffIdNumber?: true;
  /** the centre server's device the person signed in on: the session is valid there only */
  deviceId?: number;
}

/** A paired device of a centre server (db/src/devices), as the host recognised it. */
export interface DeviceIdentity {
  id: number;
  name: string;
  kind: 'workstation' | 'kiosk';
  /** the window its cases and receipts carry */
  windowNo: string | null;
}

/** Where a call comes from, as the host established it (never from the input). */
export interface CallOrigin {
  /** the device over the centre's network; absent on one computer and for the local hosts */
  device?: DeviceIdentity;
  /**
   * The client's key for this logical call, re-sent unchanged on every retry of it
   * (HTTP header `x-onewindow-request`). A write answered once under this key by the same
   * device and person is answered again from the table, not run again (kernel/answered-requests.ts).
   */
  requestKey?: string;
}

export interface Logger {
  error(message: string, err?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
}

/** What a handler may use. The acting person comes from here, never from the input. */
export interface Ctx {
  db: Database.Database;
  dbPath: string;
  programVersion: string;
  /** the signed-in person, or null for public handlers called without a session */
  session: Session | null;
  /** the token the call came with (accounts.logout ends it) */
  sessionToken: string | null;
  sessions: SessionStore;
  /** the handler being run, as recorded in the audit log */
  handler: string;
  now(): Date;
  /**
   * The clock read anew, for long tasks whose end time matters (an export's finish time);
   * `now()` stays the call's start so that one call's rows all carry one time.
   */
  clock(): Date;
  log: Logger;
  /** the live database file, its backups folder and the restore swap (backups feature) */
  database: DatabaseFile;
  /** what the recovery handlers act on; set only while the app is in recovery mode */
  recovery?: RecoveryPort;
  /** the server's certificates when this core serves a centre's network; absent on one computer */
  centre?: CentreIdentity;
  /** the paired device the call came from (centre server only) */
  device?: DeviceIdentity;
  /**
   * Records a change in the tamper-evident audit log, inside the same transaction as the
   * change. Every `write` handler must call it at least once.
   */
  audit(entry: Omit<AuditEntry, 'handler'>): void;
}

/** One numbered schema step (db/migrations/NNNN_name.sql). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The app's recovery mode (db/src/app.ts provides it). Its results are the backups
 * feature's types (db/src/backups/recovery.ts); the kernel names no feature, so its two
 * handlers see the port through that feature's own, typed view of it.
 */
export interface RecoveryPort {
  status(): unknown;
  restore(input: { file: string; username: string; password: string }, at: Date): unknown;
}

/**
 * The TLS identity of a centre server (electron/server/certificates.ts makes it): what the
 * administrator reads out at pairing so the client can check it reached this server.
 */
export interface CentreIdentity {
  /** SHA-256 of the server certificate, `AB:CD:…` as browsers and `openssl` show it */
  fingerprint: string;
  /** SHA-256 of the centre's own certificate authority, which clients pin */
  caFingerprint: string;
}

/** What the core tells handlers about the database file itself. */
export interface DatabaseFile {
  path: string;
  /** where backups go: `<folder of the database file>/backups` */
  backupsDir: string;
  /** the newest schema version this program knows; a backup above it cannot be restored */
  programSchemaVersion: number;
  /** the program's migrations: a backup's schema must be exactly what they make at its version */
  migrations: Migration[];
  /**
   * Replaces the live database with a copy of `fromFile`, re-opens it through openDatabase
   * (migrating an older copy), makes every later call use the new connection, ends every
   * session (the restored users table may differ) and returns the new connection. On
   * failure the previous file is put back and re-opened. For `backups.restore` only: the
   * caller must already have kept a copy of the current database, and must be an
   * `exclusive` task so that nothing else holds the old connection.
   */
  replace(fromFile: string): Database.Database;
}

/**
 * - `read`: runs as it is.
 * - `write`: runs inside one SQLite transaction, so a handler that throws half-way leaves
 *   nothing behind, and its audit rows commit with it.
 * - `task`: long or asynchronous work (exports, backups, sign-in) that manages its own
 *   transactions and audit rows.
 */
export type HandlerKind = 'read' | 'write' | 'task';

export interface HandlerSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  /** one line for `--list` and the README */
  summary: string;
  kind: HandlerKind;
  /** 'system': only the core's own services (the system dispatcher), never a person */
  roles: readonly (Role | 'system')[];
  /**
   * `task` only: runs alone. Refused with CONFLICT while another task runs, and while it
   * runs every other write and task is refused (a restore swaps the connection under them).
   */
  exclusive?: boolean;
  /** a self-service kiosk may call it (without a session); kiosks may call nothing else */
  kiosk?: true;
  /**
   * `write` only: the answer holds a secret the file must never keep (a pairing code is
   * stored only as a hash), so it is not stored under a request key: a retry runs again.
   */
  secretAnswer?: true;
  input: S;
  run(ctx: Ctx, input: z.output<S>): R;
}

/** Identity function whose only job is to infer S and R for the contract type. */
export function handler<S extends z.ZodType, R>(spec: HandlerSpec<S, R>): HandlerSpec<S, R> {
  return spec;
}
