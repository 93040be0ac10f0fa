/**
 * Demo and benchmark data: residents, households, accounts, cases through every state of
 * their items' state machines, ratings and follow-ups, beneficiaries, and the audit rows
 * of all of it with a valid hash chain.
 *
 * Rows are inserted directly with prepared statements in large transactions (going
 * through the dispatcher would be far too slow at district scale), but every column is
 * filled exactly as the handlers fill it: the search keys of residents.register, the case
 * columns of cases.intake / supplyMaterials / transition, the JSON the audit log holds
 * (canonical, masked views), so the handlers then work on the data as on their own.
 *
 * Deterministic: everything comes from one seeded PRNG and a fixed "today" (`until`), so
 * the same seed, sizes and `until` give the same rows and the same audit chain head.
 * The only values not under the seed's control are the timestamps the migrations write
 * when they create the file (schema_migrations, the catalogue's saved_at).
 */
import Database from 'better-sqlite3';
import { createHash, scryptSync } from 'node:crypto';
import { openDatabase } from '../../db/src/database/open';
import { GENESIS_HASH } from '../../db/src/audit/chain';
import { addDays, dateOf, dayNumber } from '../../db/src/calendar/dates';
import { WorkingCalendar } from '../../db/src/calendar/working-days';
import { getItemVersion, listItems, type ItemVersion } from '../../db/src/catalogue/catalogue';
import type { FormField } from '../../db/src/catalogue/definition';
import type { FormValues } from '../../db/src/catalogue/form-values';
import { resolveAmount } from '../../db/src/beneficiaries/beneficiaries';
import { addMonths, monthOf, toYuan } from '../../db/src/beneficiaries/months';
import { DEFAULT_COMMITMENT } from '../../db/src/cases/intake';
import { FOLLOW_UP_WORKING_DAYS, LOW_RATING } from '../../db/src/cases/ratings';
import type { CaseStatus, Decision } from '../../db/src/cases/vocabulary';
import { maskBankAccount, maskIdNumber, maskPhone } from '../../db/src/privacy/mask';
import { ageOn } from '../../db/src/residents/dates';
import { idCheckCharacter } from '../../db/src/residents/id-number';
import { nameBigrams, residentSearchKeys } from '../../db/src/residents/search-keys';
import { readSettings, writeSettings } from '../../db/src/settings/settings';
import { Rng, Weighted } from './prng';
import * as V from './vocabulary';

export const DEMO_PASSWORD = 'demo1234';
/** The "today" of the generated data when none is given: fixed, so that a seed means one data set. */
export const DEFAULT_UNTIL = '2026-11-20';
export const DEFAULT_SEED = 'onewindow';

export interface SeedOptions {
  dbPath: string;
  residents: number;
  cases: number;
  seed?: string;
  /** the last day of the generated history, 'YYYY-MM-DD' (default DEFAULT_UNTIL) */
  until?: string;
  /** marks the database as demo data (setting `demo: true`, shown as a banner) */
  demo?: boolean;
  /** tests: re-check every audit JSON against canonicalJson (slow) */
  checkCanonical?: (json: string) => void;
  log?: (line: string) => void;
}

export interface SeedAccount {
  username: string;
  displayName: string;
  roles: string[];
  windowNo: string | null;
}

export interface SeedResult {
  dbPath: string;
  seed: string;
  until: string;
  residents: number;
  households: number;
  cases: number;
  caseEvents: number;
  materials: number;
  ratings: number;
  followUps: number;
  beneficiaries: number;
  auditRows: number;
  auditHead: string;
  byStatus: Record<string, number>;
  accounts: SeedAccount[];
  password: string;
  seconds: { residents: number; cases: number; total: number };
  casesPerSecond: number;
  /** cases per second of this process's CPU time: the rate on an otherwise idle machine */
  casesPerCpuSecond: number;
}

// ── time ─────────────────────────────────────────────────────────────────────────────
const DAY_MS = 86_400_000;
/** An instant on a Shanghai day: `minute` minutes after local midnight (UTC+8). */
const instant = (day: number, minute: number, second: number, ms: number) =>
  new Date(day * DAY_MS + (minute - 480) * 60_000 + second * 1000 + ms).toISOString();

// ── audit ────────────────────────────────────────────────────────────────────────────
interface PendingAudit {
  at: string;
  actorId: number | null;
  actorName: string | null;
  handler: string;
  action: string;
  recordType: string | null;
  recordId: string | null;
  /** canonical JSON (keys sorted) or null */
  before: string | null;
  after: string | null;
  detail: string | null;
}

interface Person {
  id: number;
  name: string;
}

// ── residents ────────────────────────────────────────────────────────────────────────
interface Resident {
  id: number;
  idNumber: string;
  name: string;
  birthDate: string;
  birthDay: number;
  sex: 'male' | 'female';
  phone: string | null;
  address: string;
  householdId: number;
  /** index of the household snapshot (JSON) in `householdJson` */
}

/**
 * Canonical JSON: every object below is written with its keys in sorted order and without
 * undefined values, so JSON.stringify gives exactly what canonicalJson would (the seed
 * test re-checks every string with canonicalJson).
 */
const J = JSON.stringify;

export function seedDatabase(options: SeedOptions): SeedResult {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const until = options.until ?? DEFAULT_UNTIL;
  const untilDay = dayNumber(until);
  const log = options.log ?? (() => {});
  const check = options.checkCanonical;
  if (!Number.isInteger(options.residents) || options.residents < 20) throw new Error('居民人数至少为 20');
  if (!Number.isInteger(options.cases) || options.cases < 0) throw new Error('办件数不能为负数');

  // The schema through the program's own migrations, then a connection tuned for loading.
  {
    const { db } = openDatabase(options.dbPath);
    const counts = db
      .prepare('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM residents) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM audit_log) AS n')
      .get() as { n: number };
    db.close();
    if (counts.n > 0) throw new Error(`数据库 ${options.dbPath} 已有数据：演示数据只写入新的空数据库`);
  }
  const db = new Database(options.dbPath);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  db.pragma('locking_mode = EXCLUSIVE');
  // Loading speed: the CHECK constraints are not evaluated row by row (the rows are built
  // to satisfy them, and the seed test runs integrity_check, which verifies every CHECK),
  // and the secondary indexes of the big tables are built once at the end, sorted, from
  // their own CREATE INDEX statements, instead of being updated at random per row.
  db.pragma('ignore_check_constraints = ON');
  const BIG_TABLES = ['residents', 'resident_name_bigrams', 'households', 'household_members', 'cases', 'case_materials', 'case_events', 'case_ratings', 'case_follow_ups', 'beneficiaries', 'beneficiary_changes', 'audit_log'];
  const deferredIndexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BIG_TABLES.map(() => '?').join(', ')}) ORDER BY rowid`)
    .all(...BIG_TABLES) as { name: string; sql: string }[];
  for (const index of deferredIndexes) db.exec(`DROP INDEX "${index.name}"`);

  const rng = new Rng(seed);
  const cal = new WorkingCalendar(db);
  const settings = readSettings(db);
  const items: ItemVersion[] = listItems(db).map((e) => getItemVersion(db, e.code, e.version));
  const itemIndex = new Map(items.map((it, i) => [it.code, i]));

  const stmt = {
    user: db.prepare(
      `INSERT INTO users (id, username, display_name, roles, password_hash, window_no, active, failed_logins, locked_until, password_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, 0, NULL, ?, ?, ?)`,
    ),
    resident: db.prepare(
      `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, phone, phone_rev, address, bank_name, bank_account, pinyin_full, pinyin_initials, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    bigram: db.prepare('INSERT INTO resident_name_bigrams (bigram, resident_id) VALUES (?, ?)'),
    household: db.prepare('INSERT INTO households (id, address, created_at, updated_at, dissolved_on) VALUES (?, ?, ?, ?, NULL)'),
    member: db.prepare(
      'INSERT INTO household_members (id, household_id, resident_id, relation, is_head, joined_on, left_on) VALUES (?, ?, ?, ?, ?, ?, NULL)',
    ),
    case: db.prepare(
      `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage,
         form_values, household, notice_missing, commitment, refusal_reason, refer_to, received_on, accepted_on, accepted_by, due_on,
         paused_days, paused_since, posting_ends_on, extension_days, extension_reason, completed_on, outcome_reason, clerk_id, window_no,
         idempotency_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    material: db.prepare(
      `INSERT INTO case_materials (case_id, key, position, name, form, required, may_defer, copies_required, copies_received, deferred_due, received_later_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    event: db.prepare(
      `INSERT INTO case_events (id, case_id, at, on_date, action, from_status, to_status, from_stage, to_stage, opinion, actor_id, actor_name, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    rating: db.prepare('INSERT INTO case_ratings (case_id, score, comment, clerk_id, rated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)'),
    followUp: db.prepare(
      'INSERT INTO case_follow_ups (id, case_id, clerk_id, opened_on, due_on, closed_at, closed_by, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    beneficiary: db.prepare(
      `INSERT INTO beneficiaries (id, resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, stop_month, stop_reason, annual_review, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'active', NULL, NULL, ?, ?, ?)`,
    ),
    change: db.prepare(
      `INSERT INTO beneficiary_changes (id, beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at)
       VALUES (?, ?, 'start', ?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: db.prepare(
      `INSERT INTO audit_log (id, at, actor_id, actor_name, handler, action, record_type, record_id, before, after, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    caseDay: db.prepare('INSERT INTO case_number_days (day, last_seq) VALUES (?, ?)'),
  };

  // ── the audit chain, written in time order day by day ─────────────────────────────
  const buckets = new Map<number, PendingAudit[]>();
  let auditId = 0;
  let prevHash = GENESIS_HASH;
  const audit = (day: number, e: PendingAudit) => {
    if (check) for (const s of [e.before, e.after, e.detail]) if (s !== null) check(s);
    let list = buckets.get(day);
    if (!list) buckets.set(day, (list = []));
    list.push(e);
  };
  const flushAudit = (throughDay: number) => {
    const days = [...buckets.keys()].filter((d) => d <= throughDay).sort((a, b) => a - b);
    for (const d of days) {
      const list = buckets.get(d)!;
      buckets.delete(d);
      list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      for (const e of list) {
        const id = ++auditId;
        // rowHash's content, canonicalJson of an array of strings, numbers and nulls, is
        // exactly JSON.stringify of that array (the seed test verifies the chain with rowHash).
        const content = J([id, e.at, e.actorId, e.actorName, e.handler, e.action, e.recordType, e.recordId, e.before, e.after, e.detail]);
        const hash = createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
        stmt.audit.run(id, e.at, e.actorId, e.actorName, e.handler, e.action, e.recordType, e.recordId, e.before, e.after, e.detail, prevHash, hash);
        prevHash = hash;
      }
    }
  };

  // ── calendar: working days of the whole history ───────────────────────────────────
  const fromYear = Number(until.slice(0, 4)) - 4;
  const firstCaseDay = dayNumber(cal.addWorkingDays(`${fromYear - 1}-12-31`, 1));
  const firstRegDay = dayNumber(cal.addWorkingDays(dateOf(firstCaseDay), -22));
  cal.preload(dateOf(firstRegDay - 10), dateOf(untilDay + 400));
  const workingDays: number[] = [];
  for (let d = firstRegDay; d <= untilDay; d++) if (cal.isWorkingDay(dateOf(d))) workingDays.push(d);
  // The shared calendar answers; answers are kept, since the same (day, n) recur for
  // thousands of cases. Date strings likewise.
  const dateCache = new Map<number, string>();
  const ds = (day: number): string => {
    let s = dateCache.get(day);
    if (s === undefined) dateCache.set(day, (s = dateOf(day)));
    return s;
  };
  const addMemo = new Map<number, number>();
  const addWD = (day: number, n: number): number => {
    const key = day * 1024 + n + 512;
    let r = addMemo.get(key);
    if (r === undefined) addMemo.set(key, (r = dayNumber(cal.addWorkingDays(ds(day), n))));
    return r;
  };
  const betweenMemo = new Map<string, number>();
  const wdBetween = (a: string, b: string): number => {
    const key = a + b;
    let r = betweenMemo.get(key);
    if (r === undefined) betweenMemo.set(key, (r = cal.workingDaysBetween(a, b)));
    return r;
  };

  // ── accounts ──────────────────────────────────────────────────────────────────────
  db.exec('BEGIN');
  const clerkCount = Math.max(6, Math.min(V.STAFF.clerks.length, Math.round(options.cases / 40_000)));
  const reviewerCount = Math.max(3, Math.min(V.STAFF.reviewers.length, Math.round(clerkCount / 2)));
  const windows = settings.windows;
  const accounts: (SeedAccount & { id: number })[] = [];
  accounts.push({ id: 1, username: V.STAFF.admin.username, displayName: V.STAFF.admin.displayName, roles: ['admin'], windowNo: null });
  for (let i = 0; i < clerkCount; i++) {
    accounts.push({
      id: accounts.length + 1,
      username: `clerk${i + 1}`,
      displayName: V.STAFF.clerks[i]!,
      roles: ['clerk'],
      windowNo: windows.length ? windows[i % windows.length]! : null,
    });
  }
  for (let i = 0; i < reviewerCount; i++) {
    accounts.push({ id: accounts.length + 1, username: `reviewer${i + 1}`, displayName: V.STAFF.reviewers[i]!, roles: ['reviewer'], windowNo: null });
  }
  const setupDay = firstRegDay - 3;
  accounts.forEach((a, i) => {
    const at = instant(setupDay, 540 + i * 3, rng.int(60), rng.int(1000));
    const salt = Buffer.from(Array.from({ length: 16 }, () => rng.int(256)));
    const key = scryptSync(DEMO_PASSWORD.normalize('NFC'), salt, 64, { N: 16384, r: 8, p: 1 });
    const hash = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    stmt.user.run(a.id, a.username, a.displayName, J(a.roles), hash, a.windowNo, at, at, at);
    const after = J({ active: true, createdAt: at, displayName: a.displayName, id: a.id, lockedUntil: null, roles: a.roles, username: a.username, windowNo: a.windowNo });
    audit(setupDay, {
      at,
      actorId: i === 0 ? null : 1,
      actorName: i === 0 ? null : accounts[0]!.displayName,
      handler: i === 0 ? 'accounts.setup' : 'accounts.create',
      action: 'create',
      recordType: 'user',
      recordId: String(a.id),
      before: null,
      after,
      detail: null,
    });
  });
  const admin: Person = { id: 1, name: accounts[0]!.displayName };
  const clerks: (Person & { windowNo: string | null })[] = accounts.filter((a) => a.roles[0] === 'clerk').map((a) => ({ id: a.id, name: a.displayName, windowNo: a.windowNo }));
  const reviewers: Person[] = accounts.filter((a) => a.roles[0] === 'reviewer').map((a) => ({ id: a.id, name: a.displayName }));
  if (options.demo) {
    const at = instant(setupDay, 600, 0, 0);
    writeSettings(db, { demo: true });
    db.prepare("UPDATE settings SET updated_at = ? WHERE key = 'demo'").run(at);
    audit(setupDay, {
      at,
      actorId: admin.id,
      actorName: admin.name,
      handler: 'settings.update',
      action: 'update',
      recordType: 'settings',
      recordId: null,
      before: J({ demo: false }),
      after: J({ demo: true }),
      detail: null,
    });
  }
  flushAudit(setupDay);
  db.exec('COMMIT');

  // ── residents and households ──────────────────────────────────────────────────────
  const N = options.residents;
  const residents: Resident[] = new Array(N);
  const householdJson: string[] = [];
  const householdSize: number[] = [];
  const regDayOf = new Int32Array(N);
  const surnames = new Weighted(V.SURNAMES.map((s) => s[0]), V.SURNAMES.map((s) => s[1]));
  const shCodes = new Weighted(V.SHANGHAI_CODES.map((c) => c[0]), V.SHANGHAI_CODES.map((c) => c[1]));
  const usedIds = new Set<string>();
  const pinyinCache = new Map<string, ReturnType<typeof residentSearchKeys>>();
  const initialDays = workingDays.filter((d) => d < firstCaseDay);
  const laterDays = workingDays.filter((d) => d >= firstCaseDay && d < untilDay);

  const idNumberFor = (birth: string, sex: 'male' | 'female', local: boolean): string => {
    for (;;) {
      const area = local ? shCodes.pick(rng) : rng.pick(V.OTHER_CODES);
      let seq = rng.int(500) * 2 + (sex === 'male' ? 1 : 0);
      if (seq === 0) seq = 2;
      const first17 = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckCharacter(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const givenName = (sex: 'male' | 'female', birthYear: number, index: number): string => {
    if (index === 2) return sex === 'male' ? '𠮷' : '𠮷妍';
    if (index === 5) return sex === 'male' ? '子䶮' : '䶮玥';
    if (rng.chance(0.002)) return rng.pick(sex === 'male' ? V.RARE_NAMES_MALE : V.RARE_NAMES_FEMALE);
    const gen = birthYear < 1960 ? 'old' : birthYear < 1990 ? 'mid' : 'young';
    if (rng.chance(0.55)) return rng.pick(V.GIVEN[sex][gen]);
    const chars = V.GIVEN_CHARS[sex];
    return rng.chance(0.15) ? chars[rng.int(chars.length)]! : chars[rng.int(chars.length)]! + chars[rng.int(chars.length)]!;
  };
  const mobile = () => rng.pick(V.MOBILE_PREFIXES) + rng.digits(8);
  const address = () =>
    `上海市黄浦区${rng.pick(V.SUBDISTRICTS)}${rng.pick(V.ROADS)}${rng.range(1, 1500)}弄${rng.range(1, 60)}号${rng.range(1, 6)}0${rng.range(1, 6)}室`;

  type Member = { age: number; sex: 'male' | 'female'; relation: '本人' | '配偶' | '子女' | '父母'; surname?: string };
  const unitTypes = new Weighted(['single', 'elderSingle', 'couple', 'elderCouple', 'family', 'threeGen'] as const, [22, 10, 15, 13, 25, 15]);
  const elderAge = () => (rng.chance(0.7) ? rng.range(60, 79) : rng.chance(0.75) ? rng.range(80, 89) : rng.range(90, 102));
  const other = (s: 'male' | 'female') => (s === 'male' ? 'female' : 'male');
  const composeUnit = (unit: number): Member[] => {
    const sex: 'male' | 'female' = rng.chance(0.55) ? 'male' : 'female';
    const type = unit === 0 ? 'elderSingle' : unit === 1 ? 'elderCouple' : unit === 2 ? 'family' : unit === 3 ? 'threeGen' : unitTypes.pick(rng);
    const head = (age: number): Member => ({ age, sex, relation: '本人' });
    const spouse = (age: number): Member => ({ age: Math.max(20, age + rng.range(-5, 4)), sex: other(sex), relation: '配偶' });
    const children = (parentAge: number, count: number): Member[] =>
      Array.from({ length: count }, () => ({ age: Math.max(5, parentAge - rng.range(23, 36)), sex: rng.chance(0.5) ? 'male' : 'female', relation: '子女' }));
    switch (type) {
      case 'single':
        return [head(rng.range(20, 59))];
      case 'elderSingle':
        return [head(unit === 0 ? 96 : elderAge())];
      case 'couple': {
        const a = rng.range(25, 59);
        return [head(a), spouse(a)];
      }
      case 'elderCouple': {
        const a = unit === 1 ? 72 : elderAge();
        return [head(a), spouse(Math.min(a, 95))];
      }
      case 'family': {
        const a = rng.range(30, 55);
        return [head(a), spouse(a), ...children(a, rng.chance(0.7) ? 1 : 2)];
      }
      case 'threeGen': {
        const a = rng.range(35, 55);
        const parents: Member[] = [{ age: Math.min(102, a + rng.range(24, 32)), sex: rng.chance(0.4) ? 'male' : 'female', relation: '父母' }];
        return [head(a), spouse(a), ...children(a, 1), ...parents];
      }
    }
  };

  db.exec('BEGIN');
  let householdId = 0;
  let membershipId = 0;
  let nextResident = 0;
  let unit = 0;
  const residentsStarted = performance.now();
  while (nextResident < N) {
    const members = composeUnit(unit++).slice(0, N - nextResident);
    const first = nextResident;
    const regDay =
      first < N * 0.7 || laterDays.length === 0
        ? initialDays[Math.floor((first / (N * 0.7)) * initialDays.length)] ?? initialDays[initialDays.length - 1]!
        : laterDays[Math.floor(((first - N * 0.7) / (N * 0.3)) * laterDays.length)] ?? laterDays[laterDays.length - 1]!;
    const clerk = clerks[rng.int(clerks.length)]!;
    const headSurname = surnames.pick(rng);
    const addr = address();
    const local = rng.chance(0.88);
    let minute = rng.range(510, 930);
    const inHousehold = members.length > 1 || rng.chance(0.6);
    const hid = inHousehold ? ++householdId : 0;
    const created: Resident[] = [];
    for (const m of members) {
      const index = nextResident++;
      const birthDay = untilDay - Math.floor(m.age * 365.25) - rng.int(365);
      const birthDate = ds(birthDay);
      const surname = m.relation === '配偶' || m.relation === '父母' ? surnames.pick(rng) : headSurname;
      const name = surname + givenName(m.sex, Number(birthDate.slice(0, 4)), index);
      const idNumber = idNumberFor(birthDate, m.sex, m.relation === '子女' ? true : local);
      const age = m.age;
      const phone = age < 16 ? null : age >= 80 ? (rng.chance(0.5) ? mobile() : null) : rng.chance(0.92) ? mobile() : null;
      const bank = age >= 18 && rng.chance(age >= 60 ? 0.7 : 0.4) ? rng.pick(V.BANKS) : null;
      const bankAccount = bank ? bank[1] + rng.digits(15) : null;
      const day = Math.max(regDay, birthDay + 30);
      regDayOf[index] = day;
      const at = instant(day, (minute += rng.range(2, 6)), rng.int(60), rng.int(1000));
      let keys = pinyinCache.get(name);
      if (!keys) {
        keys = residentSearchKeys({ idNumber: '', name, phone: null });
        if (pinyinCache.size < 200_000) pinyinCache.set(name, keys);
      }
      const phoneRev = phone === null ? null : Array.from(phone).reverse().join('');
      const idRev = Array.from(idNumber).reverse().join('');
      stmt.resident.run(index + 1, idNumber, idRev, name, birthDate, m.sex, phone, phoneRev, addr, bank ? bank[0] : null, bankAccount, keys.pinyinFull, keys.pinyinInitials, at, at);
      for (const b of nameBigrams(name)) stmt.bigram.run(b, index + 1);
      const r: Resident = { id: index + 1, idNumber, name, birthDate, birthDay, sex: m.sex, phone, address: addr, householdId: hid };
      residents[index] = r;
      created.push(r);
      audit(day, {
        at,
        actorId: clerk.id,
        actorName: clerk.name,
        handler: 'residents.register',
        action: 'create',
        recordType: 'resident',
        recordId: String(r.id),
        before: null,
        after: J({
          address: addr,
          age: ageOn(birthDate, ds(day)),
          bankAccount: maskBankAccount(bankAccount),
          bankName: bank ? bank[0] : null,
          birthDate,
          createdAt: at,
          id: r.id,
          idNumber: maskIdNumber(idNumber),
          name,
          phone: maskPhone(phone),
          sex: m.sex,
          updatedAt: at,
        }),
        detail: null,
      });
    }
    if (hid) {
      const day = regDayOf[first + created.length - 1]!;
      const at = instant(day, (minute += rng.range(2, 5)), rng.int(60), rng.int(1000));
      const joined = ds(day);
      stmt.household.run(hid, addr, at, at);
      const snapshotMembers: unknown[] = [];
      created.forEach((r, i) => {
        const relation = members[i]!.relation;
        stmt.member.run(++membershipId, hid, r.id, relation, i === 0 ? 1 : 0, joined);
        const memberAt = i === 0 ? at : instant(day, (minute += 1), rng.int(60), rng.int(1000));
        audit(day, {
          at: memberAt,
          actorId: clerk.id,
          actorName: clerk.name,
          handler: i === 0 ? 'households.create' : 'households.addMember',
          action: i === 0 ? 'create' : 'addMember',
          recordType: 'household',
          recordId: String(hid),
          before: null,
          after: null,
          detail: i === 0 ? J({ address: addr, headResidentId: r.id }) : J({ householdId: hid, relation, residentId: r.id }),
        });
        snapshotMembers.push({
          residentId: r.id,
          name: r.name,
          idNumber: r.idNumber,
          birthDate: r.birthDate,
          sex: r.sex,
          relation,
          isHead: i === 0,
          joinedOn: joined,
        });
      });
      // As currentHouseholdSnapshot builds it (key order included): head first, then by joining.
      householdSize[hid] = created.length;
      householdJson[hid] = J({ householdId: hid, address: addr, headResidentId: created[0]!.id, members: snapshotMembers });
    }
    if (nextResident % 50_000 < members.length) {
      // Only days before the first case: later days still get their cases' rows.
      flushAudit(Math.min(regDay, firstCaseDay) - 1);
      db.exec('COMMIT');
      db.exec('BEGIN');
      log(`居民 ${nextResident}/${N}`);
    }
  }
  // Residents are registered on days up to `until`; their audit rows are flushed with the
  // cases of each day below so that the whole log stays in time order.
  db.exec('COMMIT');
  const residentsSeconds = (performance.now() - residentsStarted) / 1000;
  log(`居民 ${N} 人、户 ${householdId} 户：${residentsSeconds.toFixed(1)} 秒`);

  // Applicant pools (resident indexes in registration order) by the items' age rules.
  const bornBy = (year: number) => (r: Resident) => Number(r.birthDate.slice(0, 4)) <= year;
  const bornBetween = (a: number, b: number) => (r: Resident) => {
    const y = Number(r.birthDate.slice(0, 4));
    return y >= a && y <= b;
  };
  const Y = Number(until.slice(0, 4));
  const pools: Record<string, (r: Resident) => boolean> = {
    adult: bornBy(Y - 22),
    household: (r) => r.householdId > 0 && Number(r.birthDate.slice(0, 4)) <= Y - 22,
    elder60: bornBy(fromYear - 61),
    elder65: bornBy(fromYear - 66),
    elder70: bornBy(fromYear - 71),
    elder90: bornBy(fromYear - 91),
    working: bornBetween(Y - 59 + 4, fromYear - 20),
    youth: bornBetween(Y - 35 + 4, fromYear - 18),
  };
  const poolOfItem: Record<string, string> = {
    'MZ-DB-001': 'household',
    'MZ-LSJZ-001': 'household',
    'MZ-TK-001': 'adult',
    'MZ-ZNHH-001': 'elder60',
    'CL-SHBT-001': 'adult',
    'MZ-JJYL-001': 'elder60',
    'YB-CHXP-001': 'elder60',
    'MZ-LNJT-001': 'elder65',
    'MZ-GLYY-001': 'elder90',
    'MZ-YLJG-001': 'elder70',
    'MZ-LNRT-001': 'elder70',
    'RS-SYDJ-001': 'working',
    'RS-JYKN-001': 'working',
    'RS-CYFC-001': 'working',
    'RS-ZYPX-001': 'working',
    'RS-LHJY-001': 'working',
    'RS-QNJY-001': 'youth',
  };
  const poolIndexes = new Map<string, Int32Array>();
  for (const [name, test] of Object.entries(pools)) {
    const out: number[] = [];
    for (let i = 0; i < N; i++) if (test(residents[i]!)) out.push(i);
    poolIndexes.set(name, Int32Array.from(out.length ? out : [...Array(N).keys()].filter((i) => pools.adult!(residents[i]!))));
  }
  const itemPools = items.map((it) => poolIndexes.get(poolOfItem[it.code] ?? 'adult')!);
  const ITEM_WEIGHTS: Record<string, number> = {
    'MZ-DB-001': 7, 'MZ-TK-001': 1.5, 'MZ-LSJZ-001': 7, 'MZ-ZNHH-001': 1.5, 'CL-SHBT-001': 4,
    'MZ-JJYL-001': 9, 'YB-CHXP-001': 12, 'MZ-LNJT-001': 5, 'MZ-GLYY-001': 1, 'MZ-YLJG-001': 3, 'MZ-LNRT-001': 2,
    'RS-SYDJ-001': 14, 'RS-JYKN-001': 6, 'RS-CYFC-001': 3, 'RS-ZYPX-001': 10, 'RS-LHJY-001': 8, 'RS-QNJY-001': 3,
  };
  const itemPicker = new Weighted(items.map((_, i) => i), items.map((it) => ITEM_WEIGHTS[it.code] ?? 3));

  // Per resident and item: the day the resident's last case of the item closed (an open
  // case refuses a second one), approved recurring benefits, items ever applied for (to
  // avoid the combinations precheck warns about) and the year of the last 临时救助.
  const K = items.length;
  const openUntil = new Int32Array(N * K);
  const benefit = new Uint8Array(N * K);
  const applied = new Uint32Array(N);
  const lsjzYear = new Int16Array(N);
  const excludesMask = items.map((a) =>
    items.reduce((mask, b, j) => (a.cannotCombineWith.includes(b.code) || b.cannotCombineWith.includes(a.code) ? mask | (1 << j) : mask), 0),
  );
  const approvalFields = items.map((it) => new Set(it.fields.filter((f) => /审批时填写|评估完成后填写/.test(f.help ?? '') || f.key === it.recurring?.amountField).map((f) => f.key)));
  const deferrableRequired = items.map((it) => it.materials.filter((m) => m.required && m.deferrable).map((m) => m.key));

  // ── cases, day by day ─────────────────────────────────────────────────────────────
  const M = options.cases;
  const caseDays = workingDays.filter((d) => d >= firstCaseDay);
  const weights = caseDays.map((_, i) => (1 + (0.25 * i) / caseDays.length) * (0.7 + 0.6 * rng.next()) * (i >= caseDays.length - 20 ? 2.5 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const perDay: number[] = [];
  {
    let acc = 0;
    let given = 0;
    for (const w of weights) {
      acc += w;
      const target = Math.round((acc / totalWeight) * M);
      perDay.push(target - given);
      given = target;
    }
  }
  const FINAL: CaseStatus[] = ['approved', 'not_approved', 'withdrawn', 'terminated', 'refused'];
  const forced = Math.min(M, K * FINAL.length);
  const counters = { cases: 0, events: 0, materials: 0, ratings: 0, followUps: 0, beneficiaries: 0, changes: 0 };
  const byStatus: Record<string, number> = {};
  const centreCode = settings.centreCode;
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
    return s;
  };

  let stuckCount = 0;
  let forcedK = 0;
  let deficit = 0;
  const casesStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  db.exec('BEGIN');
  let inTransaction = 0;
  let regCursor = 0;
  for (let di = 0; di < caseDays.length; di++) {
    const D0 = caseDays[di]!;
    while (regCursor < N && regDayOf[regCursor]! <= D0) regCursor++;
    const registered = regCursor;
    const dayStr = ds(D0);
    const ymd = dayStr.replaceAll('-', '');
    // a case nobody was eligible for moves to the next day, so that the total is exact
    const count = perDay[di]! + deficit;
    deficit = 0;
    const minutes = Array.from({ length: count }, () => rng.range(510, 990)).sort((a, b) => a - b);
    let seq = 0;
    for (let n = 0; n < count; n++) {
      // The first cases go through every item and every final status once (then chance rules).
      let forcedItem = forcedK < forced ? forcedK % K : -1;
      let forcedFinal = forcedK < forced ? FINAL[Math.floor(forcedK / K) % FINAL.length]! : null;
      // ── applicant and item ──
      let ii = -1;
      let ri = -1;
      for (let attempt = 0; attempt < 80 && ri < 0; attempt++) {
        if (attempt === 40 && forcedItem >= 0) {
          // nobody eligible for the forced item yet: an ordinary case now, the forced one later
          forcedItem = -1;
          forcedFinal = null;
        }
        const cand = forcedItem >= 0 ? forcedItem : itemPicker.pick(rng);
        const pool = itemPools[cand]!;
        let hi = pool.length;
        // registered residents form a prefix of every pool
        let lo = 0;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (pool[mid]! < registered) lo = mid + 1;
          else hi = mid;
        }
        if (lo === 0) continue;
        const r = pool[rng.int(lo)]!;
        if (regDayOf[r]! > D0) continue;
        if (openUntil[r * K + cand]! >= D0 && openUntil[r * K + cand]! !== 0) continue;
        if (items[cand]!.recurring && benefit[r * K + cand]) continue;
        if (applied[r]! & excludesMask[cand]!) continue;
        if (items[cand]!.repeatRule && lsjzYear[r] === Number(dayStr.slice(0, 4))) continue;
        ii = cand;
        ri = r;
      }
      if (ri < 0) {
        deficit++;
        continue;
      }
      if (forcedItem >= 0) forcedK++;
      const item = items[ii]!;
      const res = residents[ri]!;
      const caseId = ++counters.cases;
      const caseNo = `${centreCode}${ymd}${String(++seq).padStart(4, '0')}`;
      const clerk = clerks[rng.int(clerks.length)]!;
      const reviewer = reviewers[rng.int(reviewers.length)]!;
      const L = item.timeLimitDays;
      const stages = item.stages;
      applied[ri]! |= 1 << ii;
      if (item.repeatRule) lsjzYear[ri] = Number(dayStr.slice(0, 4));

      // ── decision ──
      const stuckCandidate = !forcedFinal && D0 > untilDay - 170 && D0 < untilDay - 60;
      let decision: Decision;
      if (stuckCandidate && stuckCount < 3) decision = 'accept';
      else if (forcedFinal === 'refused') decision = 'refuse';
      else if (forcedFinal === 'terminated') decision = 'notify_missing';
      else if (forcedFinal) decision = 'accept';
      else {
        const x = rng.next();
        decision = x < 0.05 ? 'refuse' : x < 0.18 ? 'notify_missing' : x < 0.25 && deferrableRequired[ii]!.length ? 'accept_deferred' : 'accept';
      }

      // ── form values (as validateFormValues returns them: field order, blanks dropped) ──
      const age = ageOn(res.birthDate, dayStr);
      const valueOf = (f: FormField): string | number | boolean | undefined => {
        switch (f.type) {
          case 'select': {
            const opts = (f.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
            if (f.key === 'category') return age >= 60 ? '老年人' : '残疾人';
            return rng.pick(opts);
          }
          case 'boolean':
            return rng.chance(f.key === 'hasVehicle' ? 0.05 : f.key === 'urgent' || f.key === 'reassessment' ? 0.2 : 0.4);
          case 'number':
            if (f.key === 'householdSize') return res.householdId ? householdSize[res.householdId]! : 1;
            return rng.range(Math.max(f.min ?? 0, f.key === 'unemployedMonths' ? 6 : 0), Math.min(f.max ?? 20, f.key === 'employees' ? 12 : 36));
          case 'money': {
            const ranges: Record<string, [number, number]> = {
              monthlyIncome: [0, 4000], expenses: [500, 30000], monthlyPension: [1200, 6500], fee: [800, 5000], monthlyContribution: [800, 1800],
            };
            const [lo, hi] = ranges[f.key] ?? [100, 3000];
            return Math.round(rng.range(lo * 10, hi * 10)) / 10;
          }
          case 'date': {
            const back: Record<string, [number, number]> = { eventDate: [1, 60], settleDate: [365, 5000], unemployedSince: [10, 400], completedOn: [5, 90] };
            const [lo, hi] = back[f.key] ?? [30, 700];
            return ds(D0 - rng.range(lo, hi));
          }
          case 'text': {
            let s: string;
            const pool = V.TEXTS[f.key];
            if (pool) s = rng.pick(pool);
            else if (/phone/i.test(f.key)) s = mobile();
            else if (f.key === 'disabilityCertNo') s = res.idNumber + rng.range(11, 44);
            else if (f.key === 'creditCode') s = `91310101${hex(10).toUpperCase()}`;
            else if (f.key === 'assessmentAddress') s = res.address;
            else if (f.key === 'guardianName') s = surnames.pick(rng) + rng.pick(V.GIVEN.male.mid);
            else if (f.key === 'emergencyContact') s = `${surnames.pick(rng)}${rng.pick(V.GIVEN.female.mid)} ${mobile()}`;
            else s = '无';
            return Array.from(s).slice(0, f.maxLength ?? 200).join('');
          }
        }
      };
      const values: FormValues = {};
      for (const f of item.fields) {
        if (approvalFields[ii]!.has(f.key)) continue;
        if (!f.required && (decision === 'refuse' || !rng.chance(0.5))) continue;
        if (decision === 'refuse' && rng.chance(0.3)) continue;
        const v = valueOf(f);
        if (v !== undefined) values[f.key] = v;
      }
      const orderedValues = (vals: FormValues): FormValues => {
        const out: FormValues = {};
        for (const f of item.fields) if (vals[f.key] !== undefined) out[f.key] = vals[f.key]!;
        return out;
      };

      // ── materials ──
      const mats = item.materials.map((m, position) => ({
        key: m.key,
        position,
        name: m.name,
        form: m.form,
        required: m.required ? 1 : 0,
        may_defer: m.deferrable ? 1 : 0,
        copies_required: m.copies,
        copies_received: m.required ? m.copies : rng.chance(m.key === 'agentId' ? 0.15 : 0.35) ? m.copies : 0,
        deferred_due: null as string | null,
        received_later_on: null as string | null,
      }));
      const requiredIdx = mats.flatMap((m, i) => (m.required ? [i] : []));
      const deferred: { key: string; dueDate: string }[] = [];
      const caseDueAtIntake = addWD(D0, L);
      if (decision === 'notify_missing') {
        const miss = new Set([requiredIdx[rng.int(requiredIdx.length)]!, ...(rng.chance(0.35) ? [requiredIdx[rng.int(requiredIdx.length)]!] : [])]);
        for (const i of miss) mats[i]!.copies_received = mats[i]!.copies_required > 1 ? rng.int(mats[i]!.copies_required) : 0;
      } else if (decision === 'accept_deferred') {
        const keys = deferrableRequired[ii]!.filter((_, j) => j === 0 || rng.chance(0.4));
        for (const key of keys) {
          const m = mats.find((x) => x.key === key)!;
          m.copies_received = 0;
          const due = Math.min(addWD(D0, rng.range(3, Math.max(3, Math.min(10, L)))), caseDueAtIntake);
          m.deferred_due = ds(due);
          deferred.push({ key, dueDate: m.deferred_due });
        }
      } else if (decision === 'refuse') {
        for (const i of requiredIdx) if (rng.chance(0.3)) mats[i]!.copies_received = 0;
      }
      const missingList = () =>
        mats
          .filter((m) => m.required === 1 && m.copies_received < m.copies_required)
          .map((m) => ({ key: m.key, name: m.name, form: m.form, copiesRequired: m.copies_required, copiesReceived: m.copies_received, deferrable: m.may_defer === 1 }));
      const missingAtIntake = missingList();
      if (decision === 'notify_missing' && missingAtIntake.length === 0) decision = 'accept';
      const materialsAudit = () =>
        mats.map((m) => ({ deferredDue: m.deferred_due, key: m.key, received: m.copies_received, receivedLaterOn: m.received_later_on, required: m.copies_required }));

      // ── the case as it moves ──
      const refusal = decision === 'refuse' ? rng.pick(V.REFUSALS) : null;
      const c = {
        status: 'waiting_materials' as CaseStatus,
        stage: null as string | null,
        accepted_on: null as string | null,
        accepted_by: null as number | null,
        due_on: null as string | null,
        paused_days: 0,
        paused_since: null as string | null,
        posting_ends_on: null as string | null,
        extension_days: 0,
        extension_reason: null as string | null,
        completed_on: null as string | null,
        outcome_reason: null as string | null,
        commitment: decision === 'accept_deferred' ? DEFAULT_COMMITMENT : null,
        values: values as FormValues,
        updated_at: '',
        stageIndex: -1,
      };
      const auditState = (withMaterials: boolean) => ({
        acceptedOn: c.accepted_on,
        caseNo,
        completedOn: c.completed_on,
        decision,
        dueOn: c.due_on,
        extensionDays: c.extension_days,
        formValueKeys: Object.keys(c.values),
        itemCode: item.code,
        itemVersion: item.version,
        ...(withMaterials ? { materials: materialsAudit() } : {}),
        outcomeReason: c.outcome_reason,
        pausedDays: c.paused_days,
        pausedSince: c.paused_since,
        residentId: res.id,
        stage: c.stage,
        status: c.status,
      });
      const events: unknown[][] = [];
      let lastDay = D0;
      let lastMinute = minutes[n]!;
      const timeOn = (day: number): string => {
        if (day === lastDay) lastMinute = Math.min(lastMinute + rng.range(1, 20), 1380);
        else lastMinute = rng.range(540, 1020);
        lastDay = day;
        return instant(day, lastMinute, rng.int(60), rng.int(1000));
      };
      const event = (at: string, day: number, action: string, from: { status: string | null; stage: string | null }, opinion: string | null, actor: Person, detail: unknown) => {
        events.push([0, caseId, at, ds(day), action, from.status, c.status, from.stage, c.stage, opinion, actor.id, actor.name, detail === null ? null : J(detail)]);
      };
      const enterStage = (index: number, day: number) => {
        const s = stages[index]!;
        c.stageIndex = index;
        c.stage = s.key;
        if (s.kind === 'posting') {
          c.paused_since = ds(day);
          c.posting_ends_on = addDays(ds(day), s.minDays ?? 0);
        } else {
          c.paused_since = null;
          c.posting_ends_on = null;
        }
      };
      const startClock = (day: number, by: Person) => {
        c.status = 'in_progress';
        c.accepted_on = ds(day);
        c.accepted_by = by.id;
        c.due_on = ds(addWD(day, L));
        enterStage(0, day);
      };
      const closePause = (day: number) => {
        if (c.paused_since === null) return;
        c.paused_days += Math.max(0, wdBetween(c.paused_since, ds(day)));
        c.paused_since = null;
        c.posting_ends_on = null;
        c.due_on = ds(addWD(dayNumber(c.accepted_on!), L + c.extension_days + c.paused_days));
      };
      /** Timeline state after each step, for ratings and follow-ups recorded in between. */
      const states: { at: string; status: string; stage: string | null }[] = [];

      // intake
      const t0 = instant(D0, lastMinute, rng.int(60), rng.int(1000));
      if (decision === 'accept' || decision === 'accept_deferred') startClock(D0, clerk);
      else if (decision === 'refuse') {
        c.status = 'refused';
        c.completed_on = dayStr;
        c.outcome_reason = refusal!.reason;
      }
      c.updated_at = t0;
      event(t0, D0, 'intake', { status: null, stage: null }, refusal ? refusal.reason : null, clerk, {
        decision,
        ...(missingAtIntake.length && decision !== 'accept' ? { missing: missingAtIntake.map((m) => m.key) } : {}),
        ...(deferred.length ? { deferred } : {}),
      });
      const idempotencyKey = `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`;
      audit(D0, {
        at: t0,
        actorId: clerk.id,
        actorName: clerk.name,
        handler: 'cases.intake',
        action: 'intake',
        recordType: 'case',
        recordId: String(caseId),
        before: null,
        after: J(auditState(true)),
        detail: J({ idempotencyKey, warnings: [] }),
      });
      states.push({ at: t0, status: c.status, stage: c.stage });

      // What happens next, decided now and played until `until`.
      let open = true;
      const step = (day: number): string | null => {
        if (day > untilDay) {
          open = false;
          return null;
        }
        return timeOn(day);
      };
      const transition = (day: number, action: string, actor: Person, opinion: string, apply: () => void, extraDetail: Record<string, unknown> = {}, handlerValues?: FormValues) => {
        const at = step(day);
        if (!at) return false;
        const before = auditState(false);
        const from = { status: c.status, stage: c.stage };
        const dueBefore = c.due_on;
        const pausedBefore = c.paused_days;
        apply();
        c.updated_at = at;
        const after = auditState(false);
        event(at, day, action, from, opinion, actor, {
          ...(handlerValues ? { values: handlerValues } : {}),
          ...(c.due_on !== dueBefore ? { dueOn: { from: dueBefore, to: c.due_on } } : {}),
          ...(c.paused_days !== pausedBefore ? { pausedDays: c.paused_days - pausedBefore } : {}),
          ...(action === 'extend' ? { extensionDays: c.extension_days } : {}),
          ...(c.posting_ends_on ? { postingEndsOn: c.posting_ends_on } : {}),
          ...extraDetail,
        });
        audit(day, {
          at,
          actorId: actor.id,
          actorName: actor.name,
          handler: 'cases.transition',
          action,
          recordType: 'case',
          recordId: String(caseId),
          before: J(before),
          after: J(after),
          detail: J({ opinion }),
        });
        states.push({ at, status: c.status, stage: c.stage });
        return true;
      };
      const finish = (status: CaseStatus, day: number, opinion: string) => () => {
        closePause(day);
        c.status = status;
        c.stage = null;
        c.completed_on = ds(day);
        c.outcome_reason = opinion;
      };
      let closedOn = D0;

      // A few cases stay open long past their deadline (逾期), at least three of them.
      const stuck = stuckCandidate && (stuckCount < 3 || rng.chance(0.004)) && c.status === 'in_progress' && ++stuckCount > 0;
      const slow = rng.chance(0.03);
      if (decision === 'notify_missing') {
        const fate = forcedFinal === 'terminated' ? 'terminate' : forcedFinal === 'withdrawn' ? 'withdraw' : rng.chance(0.8) ? 'supply' : rng.chance(0.55) ? 'terminate' : 'withdraw';
        if (fate === 'supply') {
          const day = addWD(D0, rng.range(1, 8));
          const at = step(day);
          if (at) {
            const supplier = rng.chance(0.7) ? clerk : clerks[rng.int(clerks.length)]!;
            const before = { ...auditState(false), materials: materialsAudit() };
            const supplied = missingAtIntake.map((m) => ({ key: m.key, copies: m.copiesRequired - m.copiesReceived }));
            for (const s of supplied) mats.find((m) => m.key === s.key)!.copies_received += s.copies;
            startClock(day, supplier);
            c.updated_at = at;
            event(at, day, 'supply', { status: 'waiting_materials', stage: null }, null, supplier, {
              materials: supplied,
              accepted: true,
              dueOn: c.due_on,
              stillMissing: [],
            });
            audit(day, {
              at,
              actorId: supplier.id,
              actorName: supplier.name,
              handler: 'cases.supplyMaterials',
              action: 'supply_materials',
              recordType: 'case',
              recordId: String(caseId),
              before: J(sortMaterialsLast(before)),
              after: J(sortMaterialsLast({ ...auditState(false), materials: materialsAudit() })),
              detail: null,
            });
            states.push({ at, status: c.status, stage: c.stage });
          }
        } else if (fate === 'terminate') {
          const day = addWD(D0, rng.range(20, 40));
          const opinion = rng.pick(V.OPINIONS.terminateMaterials!);
          transition(day, 'terminate', reviewer, opinion, finish('terminated', day, opinion));
        } else {
          const day = addWD(D0, rng.range(2, 20));
          const opinion = rng.pick(V.OPINIONS.withdraw!);
          transition(day, 'withdraw', clerk, opinion, finish('withdrawn', day, opinion));
        }
      }

      if (open && c.status === 'in_progress') {
        // the outcome of an accepted case
        let outcome: 'approve' | 'reject' | 'withdraw' | 'terminate';
        if (forcedFinal === 'approved') outcome = 'approve';
        else if (forcedFinal === 'not_approved') outcome = 'reject';
        else if (forcedFinal === 'withdrawn') outcome = 'withdraw';
        else if (forcedFinal === 'terminated') outcome = 'terminate';
        else {
          const x = rng.next();
          outcome = x < 0.82 ? 'approve' : x < 0.92 ? 'reject' : x < 0.97 ? 'withdraw' : 'terminate';
        }
        const A = dayNumber(c.accepted_on!);
        const budget = Math.max(1, Math.round(L * (slow ? 1.1 + rng.next() * 0.5 : 0.3 + rng.next() * 0.55)));
        const perStage = Math.max(1, Math.floor(budget / stages.length));
        const stopAt = outcome === 'withdraw' || outcome === 'terminate' ? rng.int(stages.length) : stages.length;
        const extendAfter = item.extensionDays > 0 && rng.chance(0.06) ? rng.int(Math.max(1, stages.length - 1)) : -1;
        // 容缺 materials arrive (or never do: the case is then terminated)
        const deferredNever = deferred.length > 0 && (outcome === 'terminate' || rng.chance(0.1));
        let day = A;
        let deferredDone = deferred.length === 0;
        const deliverDeferred = (upTo: number) => {
          if (deferredDone || deferredNever) return;
          const dueFirst = Math.min(...deferred.map((d) => dayNumber(d.dueDate)));
          const d = Math.min(addWD(A, rng.range(1, 4)), dueFirst);
          if (d > upTo) return;
          const supplyDay = Math.max(d, lastDay);
          const at = step(supplyDay);
          deferredDone = true;
          if (!at) return;
          const supplier = rng.chance(0.7) ? clerk : clerks[rng.int(clerks.length)]!;
          const before = { ...auditState(false), materials: materialsAudit() };
          const supplied = deferred.map((x) => ({ key: x.key, copies: mats.find((m) => m.key === x.key)!.copies_required }));
          for (const s of supplied) {
            const m = mats.find((x) => x.key === s.key)!;
            m.copies_received += s.copies;
            m.received_later_on = ds(supplyDay);
          }
          c.updated_at = at;
          event(at, supplyDay, 'supply', { status: c.status, stage: c.stage }, null, supplier, { materials: supplied, stillMissing: [] });
          audit(supplyDay, {
            at,
            actorId: supplier.id,
            actorName: supplier.name,
            handler: 'cases.supplyMaterials',
            action: 'supply_materials',
            recordType: 'case',
            recordId: String(caseId),
            before: J(sortMaterialsLast(before)),
            after: J(sortMaterialsLast({ ...auditState(false), materials: materialsAudit() })),
            detail: null,
          });
          states.push({ at, status: c.status, stage: c.stage });
        };
        for (let i = 0; open && c.status === 'in_progress'; i++) {
          const s = stages[c.stageIndex]!;
          if (deferredNever) {
            const dueFirst = Math.min(...deferred.map((d) => dayNumber(d.dueDate)));
            const d = Math.max(addWD(dueFirst, rng.range(1, 5)), lastDay);
            const opinion = rng.pick(V.OPINIONS.terminateDeferred!);
            transition(d, 'terminate', reviewer, opinion, finish('terminated', d, opinion));
            break;
          }
          if (stuck && i >= 1) {
            open = false;
            break;
          }
          let next = Math.max(addWD(day, s.kind === 'investigation' ? perStage + rng.int(2) : Math.max(1, perStage - rng.int(2))), lastDay);
          if (s.kind === 'posting') next = Math.max(next, dayNumber(c.posting_ends_on!));
          deliverDeferred(next);
          if (!open) break;
          if (c.stageIndex === stopAt) {
            const withdrawDay = Math.max(addWD(day, rng.range(1, Math.max(1, perStage))), lastDay);
            if (outcome === 'withdraw') {
              const opinion = rng.pick(V.OPINIONS.withdraw!);
              const actor = rng.chance(0.7) ? clerk : reviewer;
              transition(withdrawDay, 'withdraw', actor, opinion, finish('withdrawn', withdrawDay, opinion));
            } else {
              const opinion = rng.pick(V.OPINIONS.terminate!);
              transition(withdrawDay, 'terminate', reviewer, opinion, finish('terminated', withdrawDay, opinion));
            }
            break;
          }
          if (c.stageIndex === extendAfter && c.extension_days === 0) {
            const d = Math.max(addWD(day, 1), lastDay);
            const opinion = rng.pick(V.OPINIONS.extend!);
            transition(d, 'extend', reviewer, opinion, () => {
              c.extension_days = item.extensionDays;
              c.extension_reason = opinion;
              c.due_on = ds(addWD(A, L + c.extension_days + c.paused_days));
            });
            if (!open) break;
            next = Math.max(next, lastDay);
          }
          if (s.kind === 'approval' || c.stageIndex === stages.length - 1) {
            const approve = outcome === 'approve' || outcome === 'withdraw' || outcome === 'terminate';
            const opinion = rng.pick(approve ? V.OPINIONS.approve! : V.OPINIONS.reject!);
            // values filled in at the decision (核定金额, 评估等级)
            const filled: FormValues = {};
            for (const f of item.fields) {
              if (!approvalFields[ii]!.has(f.key)) continue;
              if (f.type === 'select') {
                const opts = (f.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
                filled[f.key] = approve ? opts[Math.min(opts.length - 1, 2 + rng.int(Math.max(1, opts.length - 2)))]! : opts[rng.int(Math.min(2, opts.length))]!;
              } else if (approve && (f.type === 'money' || f.type === 'number')) {
                const amounts: Record<string, [number, number]> = { 'MZ-DB-001': [300, 1510], 'MZ-TK-001': [1510, 2800], 'MZ-ZNHH-001': [200, 900], 'RS-LHJY-001': [300, 1000] };
                const [lo, hi] = amounts[item.code] ?? [100, 1000];
                const size = typeof c.values.householdSize === 'number' ? c.values.householdSize : 1;
                filled[f.key] = rng.range(lo / 10, hi / 10) * 10 * (item.code === 'MZ-DB-001' ? Math.min(size, 4) : 1);
              }
            }
            const changed = Object.keys(filled).filter((key) => filled[key] !== c.values[key]);
            const handlerValues = changed.length ? Object.fromEntries(item.fields.filter((f) => changed.includes(f.key)).map((f) => [f.key, filled[f.key]!])) : undefined;
            const decideDay = next;
            const started: { b: { id: number; amount: { fen: number; source: string }; startMonth: string; changeId: number } | null } = { b: null };
            const ok = transition(
              decideDay,
              approve ? 'approve' : 'reject',
              reviewer,
              opinion,
              () => {
                if (handlerValues) c.values = orderedValues({ ...c.values, ...handlerValues });
                finish(approve ? 'approved' : 'not_approved', decideDay, opinion)();
                if (approve && item.recurring) {
                  const startMonth = addMonths(monthOf(ds(decideDay)), 1);
                  const amount =
                    resolveAmount(item, c.values, res.birthDate, startMonth, undefined) ?? resolveAmount(item, c.values, res.birthDate, startMonth, 100)!;
                  started.b = { id: ++counters.beneficiaries, amount, startMonth, changeId: ++counters.changes };
                }
              },
              {},
              handlerValues,
            );
            if (ok && started.b) {
              const b = started.b;
              const at = c.updated_at;
              // the event written by transition() carries beneficiaryId last, as the handler's detail does
              const ev = events[events.length - 1]!;
              ev[12] = J({ ...(JSON.parse(ev[12] as string) as object), beneficiaryId: b.id });
              const reason = `审批通过（办件 ${caseNo}）`;
              stmt.beneficiary.run(b.id, res.id, item.code, caseId, b.amount.fen, b.amount.source, b.startMonth, item.annualReview ? 1 : 0, at, at);
              stmt.change.run(b.changeId, b.id, b.startMonth, b.amount.fen, reason, caseId, reviewer.id, reviewer.name, at);
              benefit[ri * K + ii] = 1;
              audit(decideDay, {
                at,
                actorId: reviewer.id,
                actorName: reviewer.name,
                handler: 'cases.transition',
                action: 'start',
                recordType: 'beneficiary',
                recordId: String(b.id),
                before: null,
                after: J({
                  amountSource: b.amount.source,
                  annualReview: item.annualReview,
                  caseId,
                  caseNo,
                  history: [{ amount: toYuan(b.amount.fen), at, by: reviewer.name, caseId, effectiveMonth: b.startMonth, id: b.changeId, kind: 'start', reason }],
                  id: b.id,
                  itemCode: item.code,
                  itemName: item.name,
                  latestAmount: toYuan(b.amount.fen),
                  monthlyAmount: null,
                  resident: { id: res.id, idNumber: maskIdNumber(res.idNumber), name: res.name },
                  startMonth: b.startMonth,
                  status: 'active',
                  stopMonth: null,
                  stopReason: null,
                }),
                detail: J({ caseNo }),
              });
            }
            break;
          }
          if (!transition(next, 'advance', reviewer, rng.pick(V.OPINIONS[s.kind] ?? V.OPINIONS.review!), () => {
            closePause(next);
            enterStage(c.stageIndex + 1, next);
          })) break;
          day = next;
        }
      }
      if (c.completed_on) closedOn = dayNumber(c.completed_on);
      openUntil[ri * K + ii] = c.completed_on ? closedOn : 0x7fffffff;

      // ── 好差评 at the visit, and the follow-up of a low one ──
      let rating: unknown[] | null = null;
      let followUp: unknown[] | null = null;
      if (rng.chance(0.55)) {
        const x = rng.next();
        const score = x < 0.78 ? 5 : x < 0.91 ? 4 : x < 0.96 ? 3 : x < 0.985 ? 2 : 1;
        const comment = score <= 2 ? rng.pick(V.RATING_COMMENTS.low) : score === 3 ? (rng.chance(0.5) ? rng.pick(V.RATING_COMMENTS.mid) : null) : rng.chance(0.2) ? rng.pick(V.RATING_COMMENTS.high) : null;
        const ratedAt = instant(D0, minutes[n]! + rng.range(2, 8), rng.int(60), rng.int(1000));
        const state = stateAt(states, ratedAt);
        rating = [caseId, score, comment, clerk.id, ratedAt, clerk.id];
        const ratingJson = { case_id: caseId, clerk_id: clerk.id, comment, rated_at: ratedAt, recorded_by: clerk.id, score };
        let followJson: Record<string, unknown> | null = null;
        let close: { at: string; day: number; by: Person; note: string } | null = null;
        if (score <= LOW_RATING) {
          const fid = ++counters.followUps;
          const due = cal.addWorkingDays(dayStr, FOLLOW_UP_WORKING_DAYS);
          followJson = { case_id: caseId, clerk_id: clerk.id, closed_at: null, closed_by: null, due_on: due, id: fid, note: null, opened_on: dayStr };
          const closeDay = addWD(D0, rng.range(1, 12));
          if (closeDay <= untilDay && rng.chance(0.9)) {
            const by = rng.chance(0.8) ? clerk : admin;
            close = { at: instant(closeDay, rng.range(540, 1020), rng.int(60), rng.int(1000)), day: closeDay, by, note: rng.pick(V.FOLLOW_UP_NOTES) };
          }
          followUp = [fid, caseId, clerk.id, dayStr, due, close?.at ?? null, close?.by.id ?? null, close?.note ?? null];
        }
        insertEventSorted(events, [0, caseId, ratedAt, dayStr, 'rate', state.status, state.status, state.stage, state.stage, comment, clerk.id, clerk.name, J({ score })]);
        audit(D0, {
          at: ratedAt,
          actorId: clerk.id,
          actorName: clerk.name,
          handler: 'cases.rate',
          action: 'rate',
          recordType: 'case',
          recordId: String(caseId),
          before: null,
          after: J({ followUp: followJson, rating: ratingJson }),
          detail: null,
        });
        if (close && followJson) {
          const s2 = stateAt(states, close.at);
          insertEventSorted(events, [0, caseId, close.at, ds(close.day), 'follow_up_closed', s2.status, s2.status, s2.stage, s2.stage, close.note, close.by.id, close.by.name, null]);
          audit(close.day, {
            at: close.at,
            actorId: close.by.id,
            actorName: close.by.name,
            handler: 'cases.closeFollowUp',
            action: 'close_follow_up',
            recordType: 'case',
            recordId: String(caseId),
            before: J(followJson),
            after: J({ ...followJson, closed_at: close.at, closed_by: close.by.id, note: close.note }),
            detail: null,
          });
        }
      }

      // ── rows ──
      stmt.case.run(
        caseId, caseNo, res.id, item.code, item.version, item.name, item.family, L, decision, c.status, c.stage,
        J(c.values), item.householdBased && res.householdId ? householdJson[res.householdId]! : null,
        decision === 'notify_missing' ? J(missingAtIntake) : null, c.commitment,
        refusal ? refusal.reason : null, refusal ? (refusal.referTo ?? null) : null,
        dayStr, c.accepted_on, c.accepted_by, c.due_on, c.paused_days, c.paused_since, c.posting_ends_on,
        c.extension_days, c.extension_reason, c.completed_on, c.outcome_reason, clerk.id, clerk.windowNo,
        idempotencyKey, t0, c.updated_at,
      );
      for (const m of mats) {
        stmt.material.run(caseId, m.key, m.position, m.name, m.form, m.required, m.may_defer, m.copies_required, m.copies_received, m.deferred_due, m.received_later_on);
      }
      counters.materials += mats.length;
      // ids in time order within the case (rating and follow-up events were merged in)
      for (const e of events) {
        e[0] = ++counters.events;
        stmt.event.run(...e);
      }
      if (rating) {
        stmt.rating.run(...rating);
        counters.ratings++;
      }
      if (followUp) stmt.followUp.run(...followUp);
      byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      if (++inTransaction >= 20_000) {
        inTransaction = 0;
        flushAudit(D0 - 1);
        db.exec('COMMIT');
        db.exec('BEGIN');
        log(`办件 ${counters.cases}/${M}（${Math.round(counters.cases / ((performance.now() - casesStarted) / 1000))} 件/秒）`);
      }
    }
    if (seq > 9999) throw new Error(`${dayStr} 的办件超过每日 9999 件`);
    if (seq > 0) stmt.caseDay.run(ymd, seq);
    flushAudit(D0 - 1);
  }
  flushAudit(untilDay + 100_000);
  db.exec('COMMIT');
  const indexStarted = performance.now();
  db.exec('BEGIN');
  for (const index of deferredIndexes) db.exec(index.sql);
  db.exec('COMMIT');
  db.pragma('ignore_check_constraints = OFF');
  log(`索引重建 ${deferredIndexes.length} 个：${((performance.now() - indexStarted) / 1000).toFixed(1)} 秒`);
  // The rate counts the index builds: it is the time to a usable database.
  const casesSeconds = (performance.now() - casesStarted) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const casesCpuSeconds = (cpu.user + cpu.system) / 1e6;

  db.pragma('locking_mode = NORMAL');
  db.prepare('SELECT count(*) FROM settings').get();
  db.pragma('journal_mode = WAL');
  db.close();
  const total = (performance.now() - started) / 1000;
  return {
    dbPath: options.dbPath,
    seed,
    until,
    residents: N,
    households: householdId,
    cases: counters.cases,
    caseEvents: counters.events,
    materials: counters.materials,
    ratings: counters.ratings,
    followUps: counters.followUps,
    beneficiaries: counters.beneficiaries,
    auditRows: auditId,
    auditHead: prevHash,
    byStatus,
    accounts: accounts.map(({ username, displayName, roles, windowNo }) => ({ username, displayName, roles, windowNo })),
    password: DEMO_PASSWORD,
    seconds: { residents: residentsSeconds, cases: casesSeconds, total },
    casesPerSecond: counters.cases / casesSeconds,
    casesPerCpuSecond: counters.cases / casesCpuSeconds,
  };
}

/** The audit views of supplyMaterials spread `materials` after auditState: keep keys sorted. */
function sortMaterialsLast<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out as T;
}

function stateAt(states: { at: string; status: string; stage: string | null }[], at: string) {
  let s = states[0]!;
  for (const x of states) if (x.at <= at) s = x;
  return s;
}

/** Inserts an event row (at index 2 its time) keeping the list in time order. */
function insertEventSorted(events: unknown[][], row: unknown[]): void {
  let i = events.length;
  while (i > 0 && (events[i - 1]![2] as string) > (row[2] as string)) i--;
  events.splice(i, 0, row);
}
