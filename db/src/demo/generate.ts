/**
 * Demo and benchmark data: residents, households, accounts, cases through every state of
 * their items' state machines, ratings and follow-ups, beneficiaries, and the audit rows
 * of all of it with a valid hash chain.
 *
 * Rows are inserted directly, many per statement, in large transactions (going through the
 * dispatcher would be far too slow at district scale), but every column is filled exactly
 * as the handlers fill it: the search keys of residents.register, the case columns of
 * cases.intake / supplyMaterials / transition, the JSON the audit log holds (canonical,
 * masked views), so the handlers then work on the data as on their own.
 *
 * generate-rows.ts makes the rows from the seed alone; this module reads what it
 * needs from the new file, inserts its batches (bulk-load.ts, row-batch.ts) and, with
 * `threads: 2`, lets it run in a worker thread meanwhile (worker.ts).
 *
 * Deterministic: the same seed, sizes and `until` give the same rows and the same audit
 * chain head, whichever the thread count. The only values not under the seed's control are
 * the timestamps the migrations write when they create the file (schema_migrations, the
 * catalogue's saved_at).
 */
import type Database from 'better-sqlite3';
import { dateOf, dayNumber } from '../calendar/dates';
import { WorkingCalendar } from '../calendar/working-days';
import { getItemVersion, listItems } from '../catalogue/catalogue';
import { openDatabase } from '../database/open';
import { readSettings, writeSettings } from '../settings/settings';
import { demoDibaoStandards } from './case-means';
import { DEMO_PASSWORD, type SeedAccount } from './accounts';
import { openForLoading } from './bulk-load';
import { calendarSpan, generateSeed, type Generated, type SeedInput } from './generate-rows';
import { BatchInserter, type RowBatch } from './row-batch';
import { generateInWorker } from './worker-client';

export { DEMO_PASSWORD, type SeedAccount };
/** The "today" of the generated data when none is given: fixed, so that a seed means one data set. */
export const DEFAULT_UNTIL = '2026-11-20';
export const DEFAULT_SEED = 'onewindow';

export interface SeedOptions {
  dbPath: string;
  /** the program's migrations (default: beside the sources; a bundle must say where they are) */
  migrationsDir?: string;
  residents: number;
  cases: number;
  seed?: string;
  /** the last day of the generated history, 'YYYY-MM-DD' (default DEFAULT_UNTIL) */
  until?: string;
  /** marks the database as demo data (setting `demo: true`, shown as a banner) */
  demo?: boolean;
  /**
   * 2: generate the rows in a worker thread while this one inserts them (about twice as
   * fast on two free cores); 1 (default): everything on this thread.
   */
  threads?: 1 | 2;
  /** tests: re-check every audit JSON against canonicalJson (slow; one thread only) */
  checkCanonical?: (json: string) => void;
  log?: (line: string) => void;
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
  /** cases per second of this process's CPU time (all its threads): the rate on an otherwise idle machine */
  casesPerCpuSecond: number;
}

// Transactions of about this many rows: large enough that commits are rare, small enough
// that the page cache holds them.
const ROWS_PER_TRANSACTION = 600_000;

/** What the generator needs from the new file: the catalogue, the centre's settings, its working days. */
export function seedInput(db: Database.Database, o: Pick<SeedInput, 'seed' | 'until' | 'residents' | 'cases' | 'demo'>): SeedInput {
  const span = calendarSpan(o.until);
  const cal = new WorkingCalendar(db).preload(dateOf(span.from), dateOf(span.to));
  const working = new Uint8Array(span.to - span.from + 1);
  for (let d = span.from; d <= span.to; d++) working[d - span.from] = cal.isWorkingDay(dateOf(d)) ? 1 : 0;
  const settings = readSettings(db);
  // The demo's 低保 cases go back four years: each needs a 低保标准 in force on its decision day.
  const dibaoStandards = demoDibaoStandards(settings.dibaoStandards, Number(dateOf(span.from).slice(0, 4)));
  if (dibaoStandards.length !== settings.dibaoStandards.length) writeSettings(db, { dibaoStandards });
  return {
    ...o,
    dibaoStandards,
    items: listItems(db).map((e) => getItemVersion(db, e.code, e.version)),
    centreCode: settings.centreCode,
    windows: settings.windows,
    calendarFrom: span.from,
    working,
  };
}

export function seedDatabase(options: SeedOptions): SeedResult {
  const started = performance.timeOrigin + performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const until = options.until ?? DEFAULT_UNTIL;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(options.residents) || options.residents < 20) throw new Error('居民人数至少为 20');
  if (!Number.isInteger(options.cases) || options.cases < 0) throw new Error('办件数不能为负数');
  if (options.threads === 2 && options.checkCanonical) throw new Error('checkCanonical runs on one thread only');
  dayNumber(until); // a malformed date fails here, before the file is touched

  // The schema through the program's own migrations, then a connection tuned for loading.
  {
    const { db } = openDatabase(options.dbPath, options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir });
    const counts = db
      .prepare('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM residents) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM audit_log) AS n')
      .get() as { n: number };
    db.close();
    if (counts.n > 0) throw new Error(`数据库 ${options.dbPath} 已有数据：演示数据只写入新的空数据库`);
  }
  const load = openForLoading(options.dbPath);
  const db = load.db;

  const input = seedInput(db, { seed, until, residents: options.residents, cases: options.cases, demo: options.demo ?? false });

  const inserter = new BatchInserter(db);
  const marks: Partial<Record<'residents' | 'cases', { at: number; cpu: NodeJS.CpuUsage }>> = {};
  let sinceCommit = 0;
  let cases = 0;
  let loggedCases = 0;
  const insert = (batch: RowBatch) => {
    for (const m of batch.marks) {
      marks[m.name] = m;
      if (m.name === 'cases') log(`居民 ${options.residents} 人：${((m.at - marks.residents!.at) / 1000).toFixed(1)} 秒`);
    }
    sinceCommit += inserter.insert(batch);
    cases += batch.cases;
    if (sinceCommit >= ROWS_PER_TRANSACTION) {
      db.exec('COMMIT');
      db.exec('BEGIN');
      sinceCommit = 0;
    }
    if (cases - loggedCases >= 20_000) {
      loggedCases = cases;
      const seconds = (performance.timeOrigin + performance.now() - marks.cases!.at) / 1000;
      log(`办件 ${cases}/${options.cases}（${Math.round(cases / seconds)} 件/秒）`);
    }
  };
  db.exec('BEGIN');
  let generated: Generated;
  try {
    generated = options.threads === 2 ? generateInWorker(input, insert) : generateSeed(input, insert, options.checkCanonical);
    db.exec('COMMIT');
  } catch (err) {
    db.close();
    throw err;
  }
  const residentsSeconds = (marks.cases!.at - marks.residents!.at) / 1000;
  const rebuilt = load.finish();
  log(`索引重建 ${rebuilt.indexes} 个：${rebuilt.seconds.toFixed(1)} 秒`);
  // The rate counts the index builds: it is the time to a usable database.
  const ended = performance.timeOrigin + performance.now();
  const casesSeconds = (ended - marks.cases!.at) / 1000;
  const cpu = process.cpuUsage(marks.cases!.cpu);
  const casesCpuSeconds = (cpu.user + cpu.system) / 1e6;
  db.close();
  const c = generated.counts;
  return {
    dbPath: options.dbPath,
    seed,
    until,
    residents: options.residents,
    households: generated.households,
    cases: c.cases,
    caseEvents: c.events,
    materials: c.materials,
    ratings: c.ratings,
    followUps: c.followUps,
    beneficiaries: c.beneficiaries,
    auditRows: generated.auditRows,
    auditHead: generated.auditHead,
    byStatus: c.byStatus,
    accounts: generated.accounts,
    password: DEMO_PASSWORD,
    seconds: { residents: residentsSeconds, cases: casesSeconds, total: (ended - started) / 1000 },
    casesPerSecond: c.cases / casesSeconds,
    casesPerCpuSecond: c.cases / casesCpuSeconds,
  };
}
