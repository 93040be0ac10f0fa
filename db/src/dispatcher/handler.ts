import type Database from 'better-sqlite3';
import type { z } from 'zod';

/** `public` needs no session; the others are the roles a person can hold. */
export type Role = 'public' | 'clerk' | 'reviewer' | 'admin';

export interface Session {
  userId: number;
  username: string;
  displayName: string;
  roles: Exclude<Role, 'public'>[];
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
  session: Session | null;
  now(): Date;
  log: Logger;
}

/**
 * - `read`: runs as it is.
 * - `write`: runs inside one SQLite transaction, so a handler that throws half-way leaves
 *   nothing behind (and anything the write records about itself commits with it).
 * - `task`: long, asynchronous work (exports, backups) that manages its own transactions.
 */
export type HandlerKind = 'read' | 'write' | 'task';

export interface HandlerSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  /** one line for `--list` and the README */
  summary: string;
  kind: HandlerKind;
  roles: readonly Role[];
  input: S;
  run(ctx: Ctx, input: z.output<S>): R;
}

/** Identity function whose only job is to infer S and R for the contract type. */
export function handler<S extends z.ZodType, R>(spec: HandlerSpec<S, R>): HandlerSpec<S, R> {
  return spec;
}
