import type Database from 'better-sqlite3';

/** A statement whose bind parameters are `P` (an object for `@name`, a tuple for `?`) and whose rows are `R`. */
export type Prepared<P extends unknown[] | object = unknown[], R = unknown> = Database.Statement<P extends unknown[] ? P : [P], R>;

const caches = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[], unknown>>>();

/**
 * A prepared statement, prepared once per connection (tests and hosts may hold several
 * databases): search runs several statements per keystroke, the dispatcher reads a setting
 * on every call, and preparing them each time would cost more than running them.
 */
export function prepared<P extends unknown[] | object = unknown[], R = unknown>(db: Database.Database, sql: string): Prepared<P, R> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  // The one place a row type is asserted: the SQL text is the key, the caller names its shape.
  return stmt as unknown as Prepared<P, R>;
}
