/**
 * The catalogue's storage: one row per item (its current version and whether it is
 * retired) and one immutable row per saved version, so a case keeps reading the rules it
 * was accepted under after the item is edited.
 */
import type Database from 'better-sqlite3';
import { prepared } from '../kernel/prepared';
import { pinyin } from 'pinyin-pro';
import { conflict, notFound, validationError } from '../kernel/errors';
import { FAMILIES, FAMILY_LABELS, validateDefinition, type Family, type ItemDefinition } from './definition';

/** One saved version of an item, as later features read it. */
export type ItemVersion = ItemDefinition & {
  version: number;
  savedAt: string;
};

export interface ItemStatus {
  currentVersion: number;
  retired: boolean;
  retiredAt: string | null;
  retiredReason: string | null;
}

interface ItemRow {
  code: string;
  name: string;
  family: Family;
  current_version: number;
  retired_at: string | null;
  retired_reason: string | null;
}

interface VersionRow {
  code: string;
  version: number;
  definition: string;
  saved_at: string;
}

// Each statement is prepared once per connection (kernel/prepared.ts).
const stmt = {
  item: (db: Database.Database) =>
    prepared<{ code: string }, ItemRow>(db, 'SELECT * FROM catalogue_items WHERE code = @code'),
  version: (db: Database.Database) =>
    prepared<{ code: string; version: number }, VersionRow>(db, 'SELECT * FROM catalogue_item_versions WHERE code = @code AND version = @version'),
  codes: (db: Database.Database) =>
    prepared<[], { code: string }>(db, 'SELECT code FROM catalogue_items'),
  current: (db: Database.Database) =>
    prepared<[], ItemRow & VersionRow>(
      db,
        `SELECT i.code, i.name, i.family, i.current_version, i.retired_at, i.retired_reason,
              v.version, v.definition, v.saved_at
         FROM catalogue_items i
         JOIN catalogue_item_versions v ON v.code = i.code AND v.version = i.current_version
        ORDER BY i.code`,
    ),
  insertItem: (db: Database.Database) =>
    prepared<{ code: string; name: string; family: string; at: string }>(
      db,
      `INSERT INTO catalogue_items (code, name, family, current_version, created_at)
       VALUES (@code, @name, @family, 1, @at)`,
    ),
  bumpItem: (db: Database.Database) =>
    prepared<{ code: string; name: string; family: string; version: number }>(db, 'UPDATE catalogue_items SET name = @name, family = @family, current_version = @version WHERE code = @code'),
  insertVersion: (db: Database.Database) =>
    prepared<{ code: string; version: number; definition: string; at: string }>(
      db,
      `INSERT INTO catalogue_item_versions (code, version, definition, saved_at)
       VALUES (@code, @version, @definition, @at)`,
    ),
  retire: (db: Database.Database) =>
    prepared<{ code: string; at: string; reason: string | null }>(db, 'UPDATE catalogue_items SET retired_at = @at, retired_reason = @reason WHERE code = @code'),
  restore: (db: Database.Database) =>
    prepared<{ code: string }>(db, 'UPDATE catalogue_items SET retired_at = NULL, retired_reason = NULL WHERE code = @code'),
};

function itemRow(db: Database.Database, code: string): ItemRow {
  const row = stmt.item(db).get({ code });
  if (!row) throw notFound(`事项目录中没有编码为“${code}”的事项`, { code });
  return row;
}

/**
 * Fields added to the definition after versions were stored: a stored version is read
 * without parsing (see parsedVersions), so it gets their defaults here.
 */
const ADDED_FIELD_DEFAULTS: Partial<ItemDefinition> = { requiresLocalHukou: false, decidedBy: 'centre' };

const toVersion = (row: VersionRow): ItemVersion => ({
  ...ADDED_FIELD_DEFAULTS,
  ...(JSON.parse(row.definition) as ItemDefinition),
  version: row.version,
  savedAt: row.saved_at,
});

/**
 * Parsed versions per connection. Every case list row, worklist group and intake reads an
 * item version, and parsing its JSON was a visible part of each. A saved version never
 * changes, but one read inside a transaction that then rolls back could be saved again
 * with other text: such a read is checked against the row's text each time, and only one
 * read outside any transaction (so committed) is trusted without reading the row. The
 * parsed object is frozen because every caller now shares it.
 */
const parsedVersions = new WeakMap<Database.Database, Map<string, { row: VersionRow; version: ItemVersion; committed: boolean }>>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parsedVersion(db: Database.Database, row: VersionRow): ItemVersion {
  let cache = parsedVersions.get(db);
  if (!cache) parsedVersions.set(db, (cache = new Map()));
  const key = `${row.code}@${row.version}`;
  const hit = cache.get(key);
  if (hit && hit.row.definition === row.definition && hit.row.saved_at === row.saved_at) {
    if (!db.inTransaction) hit.committed = true;
    return hit.version;
  }
  const version = deepFreeze(toVersion(row));
  cache.set(key, { row, version, committed: !db.inTransaction });
  return version;
}

const toStatus = (row: ItemRow): ItemStatus => ({
  currentVersion: row.current_version,
  retired: row.retired_at !== null,
  retiredAt: row.retired_at,
  retiredReason: row.retired_reason,
});

const normaliseCode = (code: string) => code.trim().toUpperCase();

/**
 * The definition of an item as saved in `version` (the current one when absent). Cases
 * store the version they were accepted under and read it back through here.
 */
export function getItemVersion(db: Database.Database, code: string, version?: number): ItemVersion {
  // Read outside a transaction, a version is committed, and committed versions are never
  // changed or deleted (triggers of migration 0003): every list row can skip both lookups.
  if (version !== undefined && !db.inTransaction) {
    const hit = parsedVersions.get(db)?.get(`${normaliseCode(code)}@${version}`);
    if (hit?.committed) return hit.version;
  }
  const item = itemRow(db, normaliseCode(code));
  const v = version ?? item.current_version;
  const row = stmt.version(db).get({ code: item.code, version: v });
  if (!row) throw notFound(`事项“${item.name}”没有第 ${v} 版（当前为第 ${item.current_version} 版）`, { code: item.code, version: v });
  return parsedVersion(db, row);
}

/**
 * The current version of every item that is not retired, in the catalogue's order (family,
 * then code) and parsed once per connection: what listItems gives without its search keys.
 */
export function currentItemVersions(db: Database.Database): ItemVersion[] {
  const familyOrder = (f: Family) => FAMILIES.indexOf(f);
  return stmt
    .current(db)
    .all()
    .filter((row) => row.retired_at === null)
    .map((row) => parsedVersion(db, row))
    .sort((a, b) => familyOrder(a.family) - familyOrder(b.family) || a.code.localeCompare(b.code));
}

export function getItemStatus(db: Database.Database, code: string): ItemStatus {
  return toStatus(itemRow(db, normaliseCode(code)));
}

/**
 * For a new case: the item's current version, or CONFLICT when the item is retired
 * (NOT_FOUND when the code is unknown).
 */
export function assertItemSelectable(db: Database.Database, code: string): ItemVersion {
  const item = itemRow(db, normaliseCode(code));
  if (item.retired_at !== null) {
    throw conflict(`事项“${item.name}”（${item.code}）已停用，不能再受理新的申请`, {
      code: item.code,
      retiredAt: item.retired_at,
      retiredReason: item.retired_reason,
    });
  }
  return getItemVersion(db, item.code);
}

export function knownItemCodes(db: Database.Database): Set<string> {
  return new Set(stmt.codes(db).all().map((r) => r.code));
}

export interface SaveResult {
  code: string;
  version: number;
  created: boolean;
}

/**
 * Validates and stores a definition as a new version: version 1 for a new code, n+1
 * otherwise. `expectedCurrentVersion` (0 = the code must be new) stops an administrator
 * from silently overwriting an edit saved meanwhile by someone else.
 */
export function saveItem(db: Database.Database, raw: unknown, at: Date, expectedCurrentVersion?: number): SaveResult {
  const checked = validateDefinition(raw, knownItemCodes(db), 'definition');
  if (!checked.ok) throw validationError(checked.issues);
  const d = checked.definition;
  const existing = stmt.item(db).get({ code: d.code });
  const current = existing?.current_version ?? 0;
  if (expectedCurrentVersion !== undefined && expectedCurrentVersion !== current) {
    throw conflict(
      current === 0
        ? `事项“${d.code}”尚不存在，无法在第 ${expectedCurrentVersion} 版的基础上保存`
        : `事项“${existing!.name}”已被他人修改（当前为第 ${current} 版，您编辑的是第 ${expectedCurrentVersion} 版），请重新打开后再保存`,
      { code: d.code, currentVersion: current, expectedCurrentVersion },
    );
  }
  const iso = at.toISOString();
  const version = current + 1;
  if (existing) stmt.bumpItem(db).run({ code: d.code, name: d.name, family: d.family, version });
  else stmt.insertItem(db).run({ code: d.code, name: d.name, family: d.family, at: iso });
  stmt.insertVersion(db).run({ code: d.code, version, definition: JSON.stringify(d), at: iso });
  return { code: d.code, version, created: !existing };
}

export function retireItem(db: Database.Database, code: string, reason: string | undefined, at: Date) {
  const item = itemRow(db, normaliseCode(code));
  if (item.retired_at !== null) throw conflict(`事项“${item.name}”已于 ${item.retired_at.slice(0, 10)} 停用`, { code: item.code, retiredAt: item.retired_at });
  const retiredAt = at.toISOString();
  stmt.retire(db).run({ code: item.code, at: retiredAt, reason: reason ?? null });
  return { code: item.code, retired: true, retiredAt, retiredReason: reason ?? null };
}

export function restoreItem(db: Database.Database, code: string) {
  const item = itemRow(db, normaliseCode(code));
  if (item.retired_at === null) throw conflict(`事项“${item.name}”未停用，无需恢复`, { code: item.code });
  stmt.restore(db).run({ code: item.code });
  return { code: item.code, retired: false };
}

// Item names are few and rarely change; their pinyin is worth remembering per process.
const pinyinCache = new Map<string, { full: string; initials: string }>();

export function namePinyin(name: string) {
  let p = pinyinCache.get(name);
  if (!p) {
    const clean = (parts: string[]) => parts.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
    p = {
      full: clean(pinyin(name, { toneType: 'none', type: 'array' })),
      initials: clean(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })),
    };
    pinyinCache.set(name, p);
  }
  return p;
}

export interface CatalogueListEntry {
  code: string;
  name: string;
  aliases: string[];
  family: Family;
  familyLabel: string;
  department: string;
  version: number;
  retired: boolean;
  retiredAt: string | null;
  timeLimitDays: number;
  extensionDays: number;
  householdBased: boolean;
  recurring: boolean;
  annualReview: boolean;
  pinyin: string;
  pinyinInitials: string;
}

export interface ListOptions {
  family?: Family | undefined;
  includeRetired?: boolean | undefined;
  query?: string | undefined;
}

/**
 * The items a clerk can pick from, found by name, code or pinyin (full or initials).
 * Ranked so that the code typed in full or a name typed from its start comes first.
 */
export function listItems(db: Database.Database, opts: ListOptions = {}): CatalogueListEntry[] {
  const q = (opts.query ?? '').trim().toLowerCase();
  const qLatin = q.replace(/[\s'’-]/g, '');
  const entries: { entry: CatalogueListEntry; rank: number }[] = [];
  for (const row of stmt.current(db).all()) {
    if (opts.family && row.family !== opts.family) continue;
    if (!opts.includeRetired && row.retired_at !== null) continue;
    const d = JSON.parse(row.definition) as ItemDefinition;
    const py = namePinyin(d.name);
    const code = row.code.toLowerCase();
    let rank = 0;
    if (q) {
      const names = [d.name, ...d.aliases];
      const readings = names.map(namePinyin).flatMap((p) => [p.initials, p.full]);
      if (code === q) rank = 1;
      else if (names.some((n) => n.startsWith(q))) rank = 2;
      else if (names.some((n) => n.includes(q))) rank = 3;
      else if (code.includes(q) || (qLatin && code.replace(/-/g, '').includes(qLatin))) rank = 4;
      else if (qLatin && readings.some((r) => r.startsWith(qLatin))) rank = 5;
      else if (qLatin && readings.some((r) => r.includes(qLatin))) rank = 6;
      else continue;
    }
    entries.push({
      rank,
      entry: {
        code: row.code,
        name: d.name,
        aliases: d.aliases,
        family: d.family,
        familyLabel: FAMILY_LABELS[d.family],
        department: d.department,
        version: row.current_version,
        retired: row.retired_at !== null,
        retiredAt: row.retired_at,
        timeLimitDays: d.timeLimitDays,
        extensionDays: d.extensionDays,
        householdBased: d.householdBased,
        recurring: d.recurring !== null,
        annualReview: d.annualReview,
        pinyin: py.full,
        pinyinInitials: py.initials,
      },
    });
  }
  const familyOrder = (f: Family) => FAMILIES.indexOf(f);
  entries.sort(
    (a, b) =>
      a.rank - b.rank ||
      familyOrder(a.entry.family) - familyOrder(b.entry.family) ||
      a.entry.code.localeCompare(b.entry.code),
  );
  return entries.map((e) => e.entry);
}
