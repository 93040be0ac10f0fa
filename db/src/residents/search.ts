import type Database from 'better-sqlite3';
import { validationError } from '../kernel/errors';
import { maskIdNumber, maskPhone } from '../privacy/mask';
import { ageOn } from '../shared/age';
import { convertLegacyIdNumber, validateIdNumber } from '../shared/id-number';
import { nameBigrams, prefixEnd, reverse } from './search-keys';
import { prepared } from '../kernel/prepared';

export type MatchedBy =
  | 'idNumber'
  | 'idSuffix'
  | 'phone'
  | 'phoneSuffix'
  | 'name'
  | 'namePrefix'
  | 'nameSubstring'
  | 'pinyin'
  | 'pinyinInitials';

export interface SearchItem {
  id: number;
  name: string;
  /** masked */
  idNumber: string;
  /** masked */
  phone: string | null;
  sex: 'male' | 'female';
  age: number;
  matchedBy: MatchedBy;
}

export interface SearchResult {
  items: SearchItem[];
  hasMore: boolean;
  /** pass back as `cursor` for the next page; absent on the last page */
  nextCursor?: string;
}

/** Values bound to every path's statement; a path that does not apply gets an empty range. */
interface Params {
  id: string;
  idRev: string;
  idRevHi: string;
  phRev: string;
  phRevHi: string;
  name: string;
  nameHi: string;
  subOn: number;
  bigram: string;
  py: string;
  pyHi: string;
}

/**
 * The search paths in rank order. Each is one index range; `claim` is the predicate that
 * says "this path found the row", and every later path excludes the rows an earlier one
 * claimed, so the paths are disjoint and paging can walk them one after the other with a
 * keyset cursor (path, key, id) instead of an OFFSET.
 */
interface Path {
  name: string;
  /** FROM ... WHERE <range>, the range served by one index */
  from: string;
  /** column the path is ordered by (its index order) */
  key: string;
  claim: string;
  applies(p: Params): boolean;
}

const PATHS: Path[] = [
  {
    name: 'idNumber',
    from: 'FROM residents r WHERE r.id_number = @id',
    key: 'r.id_number',
    claim: 'r.id_number = @id',
    applies: (p) => p.id !== '',
  },
  {
    name: 'idSuffix',
    from: 'FROM residents r WHERE r.id_number_rev >= @idRev AND r.id_number_rev < @idRevHi',
    key: 'r.id_number_rev',
    claim: '(r.id_number_rev >= @idRev AND r.id_number_rev < @idRevHi)',
    applies: (p) => p.idRev !== '',
  },
  {
    name: 'phone',
    from: 'FROM residents r WHERE r.phone_rev >= @phRev AND r.phone_rev < @phRevHi',
    key: 'r.phone_rev',
    claim: '(r.phone_rev >= @phRev AND r.phone_rev < @phRevHi)',
    applies: (p) => p.phRev !== '',
  },
  {
    name: 'name',
    from: 'FROM residents r WHERE r.name >= @name AND r.name < @nameHi',
    key: 'r.name',
    claim: '(r.name >= @name AND r.name < @nameHi)',
    applies: (p) => p.name !== '',
  },
  {
    name: 'nameSubstring',
    from: `FROM resident_name_bigrams b JOIN residents r ON r.id = b.resident_id
           WHERE b.bigram = @bigram AND instr(r.name, @name) > 0`,
    key: "''",
    claim: '(@subOn = 1 AND instr(r.name, @name) > 0)',
    applies: (p) => p.subOn === 1,
  },
  {
    name: 'pinyin',
    from: 'FROM residents r WHERE r.pinyin_full >= @py AND r.pinyin_full < @pyHi',
    key: 'r.pinyin_full',
    claim: '(r.pinyin_full >= @py AND r.pinyin_full < @pyHi)',
    applies: (p) => p.py !== '',
  },
  {
    name: 'pinyinInitials',
    from: 'FROM residents r WHERE r.pinyin_initials >= @py AND r.pinyin_initials < @pyHi',
    key: 'r.pinyin_initials',
    claim: '(r.pinyin_initials >= @py AND r.pinyin_initials < @pyHi)',
    applies: (p) => p.py !== '',
  },
];

function pathSql(index: number, after: boolean): string {
  const path = PATHS[index]!;
  // coalesce: a NULL phone_rev must not make "not claimed earlier" unknown, which WHERE
  // would treat as false and so drop residents without a phone.
  const exclusions = PATHS.slice(0, index).map((p) => ` AND NOT coalesce(${p.claim}, 0)`).join('');
  const keyset =
    path.name === 'nameSubstring' ? ' AND b.resident_id > @afterId' : after ? ` AND (${path.key}, r.id) > (@afterKey, @afterId)` : '';
  const order = path.name === 'nameSubstring' ? 'b.resident_id' : `${path.key}, r.id`;
  return `SELECT r.id, r.id_number, r.name, r.birth_date, r.sex, r.phone, r.phone_rev,
            ${path.key} AS sort_key
          ${path.from}${keyset}${exclusions}
          ORDER BY ${order} LIMIT @limit`;
}

interface Row {
  id: number;
  id_number: string;
  name: string;
  birth_date: string;
  sex: 'male' | 'female';
  phone: string | null;
  phone_rev: string | null;
  sort_key: string;
}

const EMPTY: Params = {
  id: '',
  idRev: '',
  idRevHi: '',
  phRev: '',
  phRevHi: '',
  name: '',
  nameHi: '',
  subOn: 0,
  bigram: '',
  py: '',
  pyHi: '',
};

/** How a query is read: which paths apply and with which values. */
export function searchParams(db: Database.Database, query: string, today: string): Params {
  const q = query.trim();
  const p: Params = { ...EMPTY };
  const compact = q.replace(/[\s-]/g, '');

  if (/^\d{17}[\dXx]$/.test(compact)) {
    const checked = validateIdNumber(compact, today);
    p.id = checked.ok ? checked.idNumber : compact.toUpperCase();
  } else if (/^\d{15}$/.test(compact)) {
    // Old paper records carry 15-digit numbers; finding the resident by one changes nothing.
    const converted = convertLegacyIdNumber(compact, today);
    if (converted.ok) p.id = converted.idNumber;
  }
  if (/^\d{3,16}[\dXx]$/.test(compact)) {
    p.idRev = reverse(compact.toUpperCase());
    p.idRevHi = prefixEnd(p.idRev);
  }
  const digits = compact.replace(/^(\+86|0086)/, '');
  if (/^\d{4,12}$/.test(digits)) {
    p.phRev = reverse(digits);
    p.phRevHi = prefixEnd(p.phRev);
  }
  if (!/^[\d+]+[Xx]?$/.test(compact)) {
    p.name = q;
    p.nameHi = prefixEnd(q);
    const bigrams = nameBigrams(q);
    if (bigrams.length > 0) {
      p.subOn = 1;
      p.bigram = rarestBigram(db, bigrams);
    }
    const letters = q.toLowerCase().replace(/[\s'’·]/g, '');
    if (/^[a-zü]+$/.test(letters)) {
      p.py = letters.replace(/ü/g, 'v');
      p.pyHi = prefixEnd(p.py);
    }
  }
  return p;
}

// Counting stops here: beyond it a bigram is common enough that which one drives the
// lookup makes no difference worth paying for.
const BIGRAM_COUNT_CAP = 2000;

function rarestBigram(db: Database.Database, bigrams: string[]): string {
  if (bigrams.length === 1) return bigrams[0]!;
  const count = prepared(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM resident_name_bigrams WHERE bigram = @bigram LIMIT ${BIGRAM_COUNT_CAP})`,
  );
  let best = bigrams[0]!;
  let bestCount = Infinity;
  for (const bigram of bigrams) {
    const { n } = count.get({ bigram }) as { n: number };
    if (n < bestCount) [best, bestCount] = [bigram, n];
    if (n === 0) break;
  }
  return best;
}

function matchedBy(path: string, row: Row, p: Params): MatchedBy {
  switch (path) {
    case 'phone':
      return row.phone_rev === p.phRev ? 'phone' : 'phoneSuffix';
    case 'name':
      return row.name === p.name ? 'name' : 'namePrefix';
    default:
      return path as MatchedBy;
  }
}

interface Cursor {
  path: number;
  key: string;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.path, c.key, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const [path, key, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (Number.isInteger(path) && typeof key === 'string' && Number.isInteger(id) && PATHS[path as number]) {
      return { path: path as number, key, id: id as number };
    }
  } catch {
    // reported below
  }
  throw validationError([{ path: 'cursor', message: '翻页标记无效，请重新搜索' }]);
}

/**
 * One search box over every way a clerk identifies a resident. Ranked by path (exact ID
 * number first), then by each path's index order; capped at `limit`; masked.
 */
export function searchResidents(
  db: Database.Database,
  input: { query: string; limit: number; cursor?: string | undefined },
  today: string,
): SearchResult {
  const p = searchParams(db, input.query, today);
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  const found: { row: Row; path: number }[] = [];

  for (let i = 0; i < PATHS.length && found.length <= input.limit; i++) {
    const path = PATHS[i]!;
    if (!path.applies(p) || (cursor && i < cursor.path)) continue;
    const after = cursor?.path === i;
    const rows = prepared(db, pathSql(i, after)).all({
      ...p,
      afterKey: after ? cursor.key : '',
      afterId: after ? cursor.id : 0,
      limit: input.limit + 1 - found.length,
    }) as Row[];
    for (const row of rows) found.push({ row, path: i });
  }

  const hasMore = found.length > input.limit;
  const page = found.slice(0, input.limit);
  const items = page.map(({ row, path }) => ({
    id: row.id,
    name: row.name,
    idNumber: maskIdNumber(row.id_number),
    phone: maskPhone(row.phone),
    sex: row.sex,
    age: ageOn(row.birth_date, today),
    matchedBy: matchedBy(PATHS[path]!.name, row, p),
  }));
  const last = page[page.length - 1];
  const result: SearchResult = { items, hasMore };
  if (hasMore && last) result.nextCursor = encodeCursor({ path: last.path, key: last.row.sort_key, id: last.row.id });
  return result;
}

/**
 * EXPLAIN QUERY PLAN of every statement a query runs (first page and later pages), for
 * tests and for diagnosing a slow search on a centre's machine.
 */
export function explainSearch(db: Database.Database, query: string, today: string): { path: string; plan: string[] }[] {
  const p = searchParams(db, query, today);
  const out: { path: string; plan: string[] }[] = [];
  PATHS.forEach((path, i) => {
    if (!path.applies(p)) return;
    for (const after of [false, true]) {
      const rows = db
        .prepare(`EXPLAIN QUERY PLAN ${pathSql(i, after)}`)
        .all({ ...p, afterKey: '', afterId: 0, limit: 21 }) as { detail: string }[];
      out.push({ path: `${path.name}${after ? ' (next page)' : ''}`, plan: rows.map((r) => r.detail) });
    }
  });
  return out;
}
