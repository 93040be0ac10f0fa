/**
 * The centre under load (`npm run bench -- --centre-load`, issue #16): the real server
 * (`server-cli`) as a child process on a generated data folder, 20 counters and 5
 * reviewers as paired devices over TLS on loopback, each with its own device credential,
 * its own keep-alive connection and its own session, at a busy morning's pace (BUSY_MORNING)
 * while an export and a backup run; optionally the server SIGKILLed in the middle and
 * started again on the same folder and port while the clients retry.
 *
 * Every call carries `x-onewindow-request`, a UUID made once per logical call and re-sent
 * unchanged on every retry of it (PARTS16.md); intakes carry their idempotencyKey as well.
 * After the run the database itself is read: every acknowledged intake and transition
 * present, none doubled, case numbers unique and gap-free per day, audit.verify valid.
 *
 * A benchmark, not a test: nothing here asserts a time. tests/integration/centre-load.test.ts
 * runs the same harness briefly and asserts the invariants.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';
import { shanghaiDate } from '../../db/src/calendar/dates';
import { getItemVersion, type ItemVersion } from '../../db/src/catalogue/catalogue';
import { DEMO_PASSWORD, seedDatabase } from '../../db/src/demo/generate';
import { staffIdNumber } from '../../db/src/demo/accounts';
import { acceptInput } from '../../db/src/demo/intake-input';
import { Rng } from '../../db/src/demo/prng';
import { summarize } from './stats';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How often each person calls, in seconds (uniform between the bounds). DOMAIN.md: a
 * centre takes 100–150 items a day, a clerk 10–30, with a queue waiting. A busy morning
 * hour is the peak of that: each counter takes an intake every 1–3 minutes (20 counters ≈
 * 10 intakes a minute, several times the daily average: the busy end on purpose), and
 * searches every 3–6 s between them (looking a person up, their household, a second
 * spelling); it looks at its own worklist about once a minute. A reviewer polls the
 * worklist and the in-progress list about every 10 s and takes one case a step further
 * at each poll.
 */
export interface Pace {
  search: [number, number];
  intake: [number, number];
  counterWorklist: [number, number];
  reviewerPoll: [number, number];
}
/**
 * The tab a worklist screen asks for: as the cases page does, every group's total and the
 * cases of the open tab only; 已逾期 opens first, the others now and then.
 */
const WORKLIST_TABS = ['dueSoon', 'waitingMaterials', 'deferredDue', 'followUps'] as const;
function worklistTab(rng: { next(): number }): 'overdue' | (typeof WORKLIST_TABS)[number] {
  return rng.next() < 0.6 ? 'overdue' : WORKLIST_TABS[Math.floor(rng.next() * WORKLIST_TABS.length)]!;
}

export const BUSY_MORNING: Pace = { search: [3, 6], intake: [60, 180], counterWorklist: [45, 75], reviewerPoll: [8, 12] };

export interface CentreLoadOptions {
  durationSeconds: number;
  counters: number;
  reviewers: number;
  kill: boolean;
  /** when into the run the server is killed (default half way) */
  killAtSeconds?: number;
  pace?: Pace;
  residents?: number;
  cases?: number;
  /** seconds into the run at which the export and the backup start (default 20 % and 35 % of the duration) */
  exportAtSeconds?: number;
  backupAtSeconds?: number;
  /**
   * true (default): sessions must survive a restart (they are kept in the database, migration
   * 0017), so a client that has to sign in again counts as an error. false: such a client
   * signs in again and the report counts it (for comparing with a build that lost them).
   */
  sessionsSurvive?: boolean;
  log?: (line: string) => void;
  /** keep the data folder (default: removed at the end) */
  keep?: boolean;
}

export interface KindFigure {
  kind: string;
  calls: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  errors: number;
}

export interface CentreLoadReport {
  options: Omit<CentreLoadOptions, 'log'>;
  pace: Pace;
  dataDir: string;
  residents: number;
  seededCases: number;
  seconds: number;
  loadAverage: { start: number[]; end: number[] };
  kinds: KindFigure[];
  timeline: [number, string, number][];
  /** every call kind but the long jobs together, by phase of the run */
  phases: { label: string; calls: number; p50: number; p95: number; p99: number }[];
  /** answers that were not expected, by `kind code: message` (the first ones) */
  errors: { count: number; samples: string[] };
  /** answers expected only because the server was killed (sessions gone, a retried write without a stored answer) */
  expected: { relogins: number; retriedWritesAlreadyApplied: number };
  /** intakes and transitions that had to be re-sent; intakes whose first try had committed (answered replayed) */
  retried: { writes: number; replayedIntakes: number };
  /** `npm run cli` calls beside the server refused with "database is locked" and tried again */
  cliRetries: number;
  kill: null | {
    atSeconds: number;
    /** killed a few ms after a write was sent */
    aimedAtWrite: boolean;
    /** SIGKILL to the new server's ready line */
    restartMs: number;
    /** SIGKILL to the first call answered after it */
    downtimeMs: number;
    callsRetried: number;
    sessionsSurvived: boolean;
  };
  export: { ms: number; ok: boolean; detail: string } | null;
  backup: { ms: number; ok: boolean; detail: string } | null;
  checks: {
    acknowledgedIntakes: number;
    acknowledgedTransitions: number;
    lostIntakes: number;
    lostTransitions: number;
    doubledIntakes: number;
    doubledTransitions: number;
    /** cases the load's clerks created that no client was told of */
    unacknowledgedCases: number;
    caseNumbersUnique: boolean;
    caseNumbersGapFree: boolean;
    caseNumberProblems: string[];
    auditValid: boolean;
    auditRows: number;
    auditVerifyMs: number;
  };
}

// ── the server as a child process ───────────────────────────────────────────────────────

interface Running {
  child: ChildProcess;
  port: number;
  fingerprint: string;
}

/**
 * The centre server's bundle, as `npm run server` runs it (scripts/run-bundle.cjs builds it
 * first; here ensureNodeBundle did), with a placeholder page instead of the built UI: the
 * load calls only the API, and building the UI on a loaded machine is minutes.
 */
function startServer(dataDir: string, staticDir: string, port: number, logFile: string): Promise<Running> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'electron', 'server-cli.mjs'), '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`], {
    cwd: ROOT,
    env: { ...process.env, ONEWINDOW_RENDERER_DIR: staticDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    const take = (d: Buffer) => {
      const text = d.toString('utf8');
      writeFileSync(logFile, text, { flag: 'a' });
      if (done) return;
      out += text;
      const m = /已启动：https:\/\/127\.0\.0\.1:(\d+)\/\s+证书指纹 SHA-256 ([0-9A-F:]{95})/.exec(out);
      if (m) {
        done = true;
        resolve({ child, port: Number(m[1]), fingerprint: m[2]! });
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code, signal) => {
      if (!done) reject(new Error(`中心服务器启动失败（${code ?? signal}）：${out.slice(-2000)}`));
    });
  });
}

function stopServer(running: Running, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve();
    running.child.once('exit', () => resolve());
    running.child.kill(signal);
  });
}

/**
 * `npm run cli` on the server's folder, beside the running server. Tried up to three times:
 * a CLI refused with "database is locked" beside a server that has just started is a defect
 * (seen once with persisted sessions, whose sign-in writes), counted in the report, not hidden.
 */
function cli(dataDir: string, user: string, password: string, handler: string, input: unknown, retries: { n: number }): unknown {
  for (let attempt = 1; ; attempt++) {
    try {
      return cliOnce(dataDir, user, password, handler, input);
    } catch (err) {
      if (attempt >= 3 || !/database is locked/.test((err as Error).message)) throw err;
      retries.n++;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    }
  }
}

function cliOnce(dataDir: string, user: string, password: string, handler: string, input: unknown): unknown {
  const res = spawnSync(process.execPath, ['scripts/run-bundle.cjs', 'cli', '--data-dir', dataDir, '--user', user, handler, JSON.stringify(input)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ONEWINDOW_PASSWORD: password },
  });
  if (res.status !== 0) throw new Error(`npm run cli ${handler}: ${res.stderr || res.stdout}`);
  return JSON.parse(res.stdout);
}

// ── one client: a paired device with its connection and its session ───────────────────────

interface Answer {
  ok: boolean;
  result?: any;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

/** Raised for a call that could not be sent or answered (connection refused or reset). */
class LinkDown extends Error {}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH']);

interface Shared {
  port: () => number;
  ca: string;
  stopped: () => boolean;
  /** how many restarts the server has had: a lost session is expected after one */
  restarts: () => number;
  sessionsSurvive: boolean;
  record: (kind: string, ms: number | null, error: string | null) => void;
  onRetry: () => void;
  onRelogin: () => void;
  onAnswer: () => void;
  /** a write (intake, transition) is being sent: the kill may aim at it */
  onWriteSent: () => void;
}

class Client {
  credential = '';
  session: string | null = null;
  private agent: Agent;
  constructor(
    readonly name: string,
    readonly username: string,
    readonly password: string,
    private shared: Shared,
  ) {
    // One kept-alive connection per device, as a desktop client keeps one.
    this.agent = new Agent({ keepAlive: true, maxSockets: 2, ca: shared.ca });
  }

  close() {
    this.agent.destroy();
  }

  private send(path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.shared.port(),
          path,
          method: 'POST',
          agent: this.agent,
          timeout: 60_000,
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('error', (err) => reject(new LinkDown(err.message)));
          res.on('aborted', () => reject(new LinkDown('answer cut off')));
          res.on('end', () => {
            if (!res.complete) return reject(new LinkDown('answer cut off'));
            try {
              resolve(JSON.parse(text) as Answer);
            } catch {
              reject(new Error(`${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => reject(NETWORK_CODES.has(err.code ?? '') || /socket hang up/.test(err.message) ? new LinkDown(err.message) : err));
      req.end(JSON.stringify(body));
    });
  }

  async pair(code: string): Promise<void> {
    const answer = await this.send('/api/pair', { code }, { 'x-onewindow-client': 'desktop' });
    if (!answer.ok) throw new Error(`${this.name} 配对失败：${answer.error?.message}`);
    this.credential = answer.result.credential as string;
  }

  /** Signs in over the device (its own request key, as any call). */
  async login(): Promise<void> {
    const answer = await this.attempts('accounts.login', { username: this.username, password: this.password }, false);
    if (!answer.ok) throw new Error(`${this.username} 登录失败：${answer.error?.message}`);
    this.session = answer.result.token as string;
  }

  /**
   * Sends one logical call until it is answered: the same request key on every try. A
   * connection that fails (the server killed) is retried every 250 ms; a session the server
   * no longer knows after a restart is signed in again, and the call re-sent with its key.
   */
  private async attempts(name: string, input: unknown, withSession = true): Promise<Answer & { tries: number; relogged: boolean }> {
    const key = randomUUID();
    let tries = 0;
    let relogged = false;
    for (;;) {
      tries++;
      try {
        const headers: Record<string, string> = { 'x-onewindow-device': this.credential, 'x-onewindow-request': key };
        if (withSession && this.session) headers['x-onewindow-session'] = this.session;
        const sending = this.send(`/api/${name}`, input, headers);
        if (WRITES.has(name)) this.shared.onWriteSent();
        const answer = await sending;
        this.shared.onAnswer();
        if (!answer.ok && answer.error?.code === 'UNAUTHENTICATED' && withSession && this.shared.restarts() > 0 && !relogged) {
          relogged = true;
          this.shared.onRelogin();
          await this.login();
          continue;
        }
        return { ...answer, tries, relogged };
      } catch (err) {
        if (!(err instanceof LinkDown)) throw err;
        if (tries === 1) this.shared.onRetry();
        if (this.shared.stopped() && tries > 240) throw err; // a minute past the end of the run
        await sleep(250);
      }
    }
  }

  /** One call, timed when it was answered at its first try; errors recorded by kind. */
  async call(kind: string, name: string, input: unknown, expect?: (a: Answer, retried: boolean) => boolean): Promise<Answer & { tries: number }> {
    const t0 = performance.now();
    const answer = await this.attempts(name, input);
    const ms = performance.now() - t0;
    const retried = answer.tries > 1 || answer.relogged;
    const fine = answer.ok || (expect?.(answer, retried) ?? false);
    const error = fine ? null : `${kind} ${answer.error?.code}: ${answer.error?.message}`;
    if (answer.relogged && this.shared.sessionsSurvive) this.shared.record(kind, null, `${kind}: 重启后会话丢失，须重新登录`);
    this.shared.record(kind, retried ? null : ms, error);
    return answer;
  }
}

/** Admin's long jobs beside the load: reported, not held to the 50 ms of a counter's call. */
export const LONG_KINDS = new Set(['exports.run', 'backups.create', 'audit.verify']);

const WRITES = new Set(['cases.intake', 'cases.transition']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ── the run ─────────────────────────────────────────────────────────────────────────────

/** Items a clerk accepts for one person at the window, none on a household or a monthly payment. */
const LOAD_ITEMS = ['RS-ZYPX-001', 'RS-SYDJ-001', 'YB-CHXP-001', 'RS-JYKN-001'];

interface IntakeAck {
  caseId: number;
  caseNo: string;
  idempotencyKey: string;
  residentId: number;
  itemCode: string;
}
interface TransitionAck {
  caseId: number;
  action: string;
  fromStage: string | null;
  actorId: number;
  /** answered by a CONFLICT on a retry: the first try, whose answer was lost, applied it */
  viaRetryConflict: boolean;
}

export async function runCentreLoad(options: CentreLoadOptions): Promise<CentreLoadReport> {
  const log = options.log ?? (() => {});
  const pace = options.pace ?? BUSY_MORNING;
  const residents = options.residents ?? 10_000;
  const seeded = options.cases ?? 50_000;
  const R = options.reviewers;
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-centre-load-'));
  const staticDir = join(dataDir, 'ui');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head></head><body>一窗受理</body></html>');
  const exportDir = join(dataDir, 'exports');
  mkdirSync(exportDir);
  const serverLog = join(dataDir, 'server.log');
  const dbPath = join(dataDir, 'onewindow.sqlite');

  await ensureNodeBundle('server-cli');
  await ensureNodeBundle('cli');

  // The data: residents, the item catalogue and a history up to yesterday, as the other benches generate it.
  const today = shanghaiDate(new Date());
  const yesterday = shanghaiDate(new Date(Date.now() - 86_400_000));
  log(`生成数据：居民 ${residents}，办件 ${seeded}（至 ${yesterday}）→ ${dbPath}`);
  const seedInfo = seedDatabase({ dbPath, residents, cases: seeded, until: yesterday, threads: 1 });

  // What the counters will take in: per counter its own people (a queue at each window), with
  // no open case of the items yet nor one approved, and the search strings a clerk types for them.
  const items = new Map<string, ItemVersion>();
  const pool: { id: number; query: string; name: string }[][] = Array.from({ length: options.counters }, () => []);
  {
    const db = new Database(dbPath, { readonly: true });
    for (const code of LOAD_ITEMS) items.set(code, getItemVersion(db, code));
    const rows = db
      .prepare(
        `SELECT r.id, r.id_number, r.name FROM residents r
          WHERE r.birth_date BETWEEN '1968-01-01' AND '1984-12-31'
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.resident_id = r.id AND c.status IN ('waiting_materials', 'in_progress'))
            -- nor one they already received (a second application needs the clerk's confirmation)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.resident_id = r.id AND c.status = 'approved' AND c.item_code IN (${LOAD_ITEMS.map((c) => `'${c}'`).join(', ')}))
          ORDER BY r.id`,
      )
      .all() as { id: number; id_number: string; name: string }[];
    db.close();
    rows.forEach((r, i) => pool[i % options.counters]!.push({ id: r.id, query: r.id_number.slice(-6), name: r.name }));
  }

  // The server, its first administrator's device by the CLI on the server, everything else over TLS.
  const loadStart = loadavg().map((x) => Number(x.toFixed(2)));
  let running = await startServer(dataDir, staticDir, 0, serverLog);
  const port = running.port;
  const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
  log(`中心服务器：https://127.0.0.1:${port}/  证书指纹 ${running.fingerprint}`);

  let stopped = false;
  let restarts = 0;
  let killedAt: number | null = null;
  /** set when the kill is due: the next write sent triggers it, a few ms in (before or after its commit) */
  let aimKill: (() => void) | null = null;
  let firstAnswerAfterKill: number | null = null;
  let callsRetried = 0;
  let relogins = 0;
  const times = new Map<string, number[]>();
  /** [ms into the run at the answer, kind, ms the call took]: where the slow calls fall (JSON only) */
  const timeline: [number, string, number][] = [];
  let started: number | null = null;
  const errorsByKind = new Map<string, number>();
  const errorSamples: string[] = [];
  let errorCount = 0;
  const shared: Shared = {
    port: () => port,
    ca,
    stopped: () => stopped,
    restarts: () => restarts,
    sessionsSurvive: options.sessionsSurvive ?? true,
    record: (kind, ms, error) => {
      if (!times.has(kind)) times.set(kind, []);
      if (ms !== null) times.get(kind)!.push(ms);
      if (ms !== null && started !== null) timeline.push([Math.round(performance.now() - started), kind, Number(ms.toFixed(2))]);
      if (error) {
        errorCount++;
        errorsByKind.set(kind, (errorsByKind.get(kind) ?? 0) + 1);
        if (errorSamples.length < 20) errorSamples.push(error);
      }
    },
    onRetry: () => callsRetried++,
    onRelogin: () => relogins++,
    onWriteSent: () => {
      const aim = aimKill;
      aimKill = null;
      aim?.();
    },
    onAnswer: () => {
      if (killedAt !== null && firstAnswerAfterKill === null && restarts > 0) firstAnswerAfterKill = performance.now();
    },
  };

  const cliRetries = { n: 0 };
  const adminDevice = cli(dataDir, 'admin', DEMO_PASSWORD, 'devices.createPairingCode', { name: '管理员工作站' }, cliRetries) as { code: string; fingerprint: string };
  if (adminDevice.fingerprint !== running.fingerprint) throw new Error('命令行给出的证书指纹与服务器不一致');
  const admin = new Client('管理员工作站', 'admin', DEMO_PASSWORD, shared);
  await admin.pair(adminDevice.code);
  await admin.login();
  const must = async (name: string, input: unknown) => {
    const a = await admin.call(`setup ${name}`, name, input);
    if (!a.ok) throw new Error(`${name}: ${a.error?.code} ${a.error?.message}`);
    return a.result;
  };
  const windows = Array.from({ length: options.counters }, (_, i) => `${i + 1}号窗口`);
  await must('settings.update', { windows, exportDir });

  const clients: { client: Client; userId: number; role: 'clerk' | 'reviewer'; index: number }[] = [];
  const people = [
    ...windows.map((w, i) => ({ device: w, windowNo: w as string | null, role: 'clerk' as const, index: i, username: `load-clerk${i + 1}`, displayName: `压测窗口${i + 1}` })),
    ...Array.from({ length: R }, (_, i) => ({ device: `后台审核${i + 1}`, windowNo: null, role: 'reviewer' as const, index: i, username: `load-reviewer${i + 1}`, displayName: `压测审核${i + 1}` })),
  ];
  for (const [n, p] of people.entries()) {
    const password = `load-pass-${n + 1}`;
    const account = (await must('accounts.create', {
      username: p.username,
      password,
      displayName: p.displayName,
      staffIdNumber: staffIdNumber(400 + n),
      roles: [p.role],
      ...(p.windowNo ? { windowNo: p.windowNo } : {}),
    })) as { id: number };
    const { code } = (await must('devices.createPairingCode', { name: p.device, ...(p.windowNo ? { windowNo: p.windowNo } : {}) })) as { code: string };
    const client = new Client(p.device, p.username, password, shared);
    await client.pair(code);
    await client.login();
    clients.push({ client, userId: account.id, role: p.role, index: p.index });
  }
  // The setup calls are not part of the figures.
  for (const k of [...times.keys()]) if (k.startsWith('setup ')) times.delete(k);
  log(`已配对并登录：${options.counters} 个窗口、${R} 个后台审核（每台设备自己的凭据和会话）`);

  // ── the load ──
  const intakes: IntakeAck[] = [];
  const transitions: TransitionAck[] = [];
  let retriedWritesAlreadyApplied = 0;
  let retriedWrites = 0;
  let replayedIntakes = 0;
  const rng = new Rng('centre-load');
  const between = ([a, b]: [number, number]) => (a + rng.next() * (b - a)) * 1000;
  started = performance.now();
  const t0Run = started;
  const elapsed = () => (performance.now() - t0Run) / 1000;
  const until = t0Run + options.durationSeconds * 1000;
  const waitUntil = async (at: number) => {
    while (!stopped && performance.now() < at) await sleep(Math.min(250, at - performance.now()));
  };

  const counter = async (client: Client, n: number) => {
    const mine = pool[n]!;
    let next = 0;
    let seq = 0;
    let nextSearch = performance.now() + between(pace.search);
    let nextIntake = performance.now() + between(pace.intake) * rng.next();
    let nextWorklist = performance.now() + between(pace.counterWorklist);
    while (!stopped) {
      const at = Math.min(nextSearch, nextIntake, nextWorklist);
      await waitUntil(at);
      if (stopped) break;
      const now = performance.now();
      if (now >= nextIntake) {
        nextIntake = now + between(pace.intake);
        const person = mine[next++];
        if (!person) continue;
        const code = LOAD_ITEMS[seq % LOAD_ITEMS.length]!;
        const item = items.get(code)!;
        await client.call('residents.search', 'residents.search', { query: person.query, limit: 20 });
        await client.call('cases.precheck', 'cases.precheck', { residentId: person.id, itemCode: code });
        const key = `load-${n + 1}-${seq}-${randomUUID()}`;
        const input = { ...acceptInput(item, person.id, key, today, seq), windowNo: windows[n]! };
        seq++;
        const answer = await client.call('cases.intake', 'cases.intake', input);
        if (answer.tries > 1) {
          retriedWrites++;
          // committed before the kill, its answer lost: the retry got the same case back
          if (answer.ok && answer.result.replayed) replayedIntakes++;
        }
        if (answer.ok) {
          const c = answer.result.case as { id: number; caseNo: string };
          intakes.push({ caseId: c.id, caseNo: c.caseNo, idempotencyKey: key, residentId: person.id, itemCode: code });
          await client.call('cases.get', 'cases.get', { id: c.id });
        }
      } else if (now >= nextWorklist) {
        nextWorklist = now + between(pace.counterWorklist);
        await client.call('cases.worklist', 'cases.worklist', { person: 'me', limit: 50, group: worklistTab(rng) });
      } else {
        nextSearch = now + between(pace.search);
        const other = mine[Math.floor(rng.next() * mine.length)];
        if (other) await client.call('residents.search', 'residents.search', { query: rng.next() < 0.5 ? other.query : other.name, limit: 20 });
      }
    }
  };

  const reviewer = async (client: Client, userId: number, r: number) => {
    while (!stopped) {
      await waitUntil(performance.now() + between(pace.reviewerPoll));
      if (stopped) break;
      await client.call('cases.worklist', 'cases.worklist', { person: 'all', limit: 50, group: worklistTab(rng) });
      const list = await client.call('cases.list', 'cases.list', { status: ['in_progress'], limit: 50 });
      if (!list.ok) continue;
      // The back office shares the work: each case at each stage is one reviewer's (so that
      // two never take the same step at once, and 审批 often falls to someone new to the case).
      const rows = (list.result.rows ?? list.result.items ?? []) as { id: number; stage?: string | null; itemCode?: string }[];
      // Only the items the load takes in: their stages and decisions are known (no monthly amount to set).
      const mineNow = rows.filter((c) => (c.itemCode === undefined || items.has(c.itemCode)) && hash(`${c.id}:${c.stage ?? ''}`) % R === r);
      for (const c of mineNow.slice(0, 3)) {
        if (stopped) break;
        const got = await client.call('cases.get', 'cases.get', { id: c.id });
        if (!got.ok) continue;
        const view = got.result as { stage?: { key: string } | string | null; allowedActions: { action: string }[]; itemCode?: string; item?: { code: string } };
        const stage = typeof view.stage === 'string' ? view.stage : (view.stage?.key ?? null);
        const code = view.itemCode ?? view.item?.code ?? '';
        const recurring = items.get(code)?.recurring ?? (code.startsWith('MZ-') ? {} : null);
        const allowed = view.allowedActions.map((a) => a.action);
        const action = allowed.includes('advance') ? 'advance' : allowed.includes('approve') && !recurring ? 'approve' : null;
        if (!action) continue;
        const input = { caseId: c.id, action, opinion: action === 'advance' ? '材料齐全，同意进入下一环节' : '经审核符合条件，同意', ...(stage ? { stage } : {}) };
        const answer = await client.call('cases.transition', 'cases.transition', input, (a, retried) => retried && a.error?.code === 'CONFLICT');
        if (answer.tries > 1) retriedWrites++;
        if (answer.ok) transitions.push({ caseId: c.id, action, fromStage: stage, actorId: userId, viaRetryConflict: false });
        else if (answer.error?.code === 'CONFLICT' && answer.tries > 1) {
          // Sent, the server killed before it answered, retried without a stored answer: the
          // first try may have applied it. The check below finds it or counts it lost.
          retriedWritesAlreadyApplied++;
          transitions.push({ caseId: c.id, action, fromStage: stage, actorId: userId, viaRetryConflict: true });
        }
        break;
      }
    }
  };

  const longJob = async (atSeconds: number, name: string, input: unknown): Promise<{ ms: number; ok: boolean; detail: string } | null> => {
    await waitUntil(t0Run + atSeconds * 1000);
    if (stopped) return null;
    log(`  ${elapsed().toFixed(0)} 秒：${name}`);
    const t0 = performance.now();
    const a = await admin.call(name, name, input);
    const ms = performance.now() - t0;
    return { ms, ok: a.ok, detail: a.ok ? JSON.stringify(a.result).slice(0, 300) : `${a.error?.code} ${a.error?.message}` };
  };

  let killReport: CentreLoadReport['kill'] = null;
  const killer = async () => {
    if (!options.kill) return;
    const at = options.killAtSeconds ?? options.durationSeconds / 2;
    await waitUntil(t0Run + at * 1000);
    if (stopped) return;
    // Aimed at a write in flight (within 20 s), so that an intake or a transition is cut off
    // somewhere between its arrival and its answer and must be retried with its key.
    const aimed = await new Promise<boolean>((resolve) => {
      const fallback = setTimeout(() => {
        aimKill = null;
        resolve(false);
      }, 20_000);
      aimKill = () => {
        clearTimeout(fallback);
        setTimeout(() => resolve(true), rng.int(12));
      };
    });
    if (stopped) return;
    log(`  ${elapsed().toFixed(0)} 秒：SIGKILL 中心服务器（pid ${running.child.pid}）${aimed ? '，在一次写入发出后几毫秒' : ''}`);
    killedAt = performance.now();
    await stopServer(running, 'SIGKILL');
    running = await startServer(dataDir, staticDir, port, serverLog);
    const restartMs = performance.now() - killedAt;
    restarts++;
    log(`  重新启动：${(restartMs / 1000).toFixed(1)} 秒后就绪（同一数据文件夹和端口）`);
    while (firstAnswerAfterKill === null && !stopped) await sleep(50);
    killReport = {
      atSeconds: (killedAt - t0Run) / 1000,
      aimedAtWrite: aimed,
      restartMs,
      downtimeMs: (firstAnswerAfterKill ?? performance.now()) - killedAt,
      callsRetried: 0,
      sessionsSurvived: false,
    };
  };

  log(`负载 ${options.durationSeconds} 秒：${options.counters} 个窗口、${R} 个后台审核${options.kill ? '，中途 SIGKILL 并重启服务器' : ''}`);
  const workers = clients.map(({ client, userId, role, index }) => (role === 'clerk' ? counter(client, index) : reviewer(client, userId, index)));
  const exportJob = longJob(options.exportAtSeconds ?? options.durationSeconds * 0.2, 'exports.run', { kind: 'ledger', period: yesterday });
  const backupJob = longJob(options.backupAtSeconds ?? options.durationSeconds * 0.35, 'backups.create', { note: '压测期间的备份' });
  // A restart that fails ends the run at once (the clients would otherwise retry for ever).
  let failed: unknown = null;
  const killJob = killer().catch((err) => {
    failed = err;
    stopped = true;
  });
  while (!stopped && performance.now() < until) await sleep(Math.min(250, until - performance.now()));
  stopped = true;
  await killJob;
  if (failed) {
    for (const w of workers) w.catch(() => {});
    for (const c of [admin, ...clients.map((x) => x.client)]) c.close();
    await stopServer(running, 'SIGKILL');
    throw failed;
  }
  await Promise.all(workers);
  const [exported, backedUp] = await Promise.all([exportJob, backupJob]);
  const seconds = elapsed();
  if (killReport) {
    (killReport as NonNullable<CentreLoadReport['kill']>).callsRetried = callsRetried;
    (killReport as NonNullable<CentreLoadReport['kill']>).sessionsSurvived = relogins === 0;
  }
  log(`负载结束：${seconds.toFixed(0)} 秒，受理 ${intakes.length} 件，环节 ${transitions.length} 次`);

  const verifyStarted = performance.now();
  const audit = await admin.call('audit.verify', 'audit.verify', {});
  const verifyMs = performance.now() - verifyStarted;
  times.delete('audit.verify');
  const loadEnd = loadavg().map((x) => Number(x.toFixed(2)));
  for (const c of [admin, ...clients.map((x) => x.client)]) c.close();
  await stopServer(running, 'SIGTERM');

  // ── what the database holds ──
  const db = new Database(dbPath, { readonly: true });
  const caseById = db.prepare('SELECT id, case_no, idempotency_key, resident_id, item_code FROM cases WHERE id = ?');
  let lostIntakes = 0;
  for (const a of intakes) {
    const row = caseById.get(a.caseId) as { case_no: string; idempotency_key: string } | undefined;
    if (!row || row.case_no !== a.caseNo || row.idempotency_key !== a.idempotencyKey) lostIntakes++;
  }
  const clerkIds = clients.filter((c) => c.role === 'clerk').map((c) => c.userId);
  const loadCases = db
    .prepare(`SELECT id, resident_id, item_code, idempotency_key FROM cases WHERE clerk_id IN (${clerkIds.map(() => '?').join(',') || 'NULL'})`)
    .all(...clerkIds) as { id: number; resident_id: number; item_code: string; idempotency_key: string }[];
  const perPersonItem = new Map<string, number>();
  for (const c of loadCases) perPersonItem.set(`${c.resident_id}:${c.item_code}`, (perPersonItem.get(`${c.resident_id}:${c.item_code}`) ?? 0) + 1);
  const doubledIntakes = [...perPersonItem.values()].reduce((s, n) => s + (n > 1 ? n - 1 : 0), 0);
  const acked = new Set(intakes.map((a) => a.caseId));
  const unacknowledgedCases = loadCases.filter((c) => !acked.has(c.id)).length;

  const eventsOf = db.prepare('SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = ? AND from_stage IS ? AND actor_id = ?');
  let lostTransitions = 0;
  let doubledTransitions = 0;
  for (const t of transitions) {
    const n = (eventsOf.get(t.caseId, t.action, t.fromStage, t.actorId) as { n: number }).n;
    if (n === 0) lostTransitions++;
    if (n > 1) doubledTransitions += n - 1;
  }

  // Case numbers of every day the load wrote on: unique, and 1…N without a gap.
  const problems: string[] = [];
  let unique = true;
  let gapFree = true;
  const days = [...new Set(intakes.map((a) => a.caseNo.slice(-12, -4)))];
  for (const day of days) {
    const nos = (db.prepare("SELECT case_no FROM cases WHERE substr(case_no, -12, 8) = ? ORDER BY case_no").all(day) as { case_no: string }[]).map((r) => r.case_no);
    const seqs = nos.map((no) => Number(no.slice(-4)));
    if (new Set(nos).size !== nos.length) {
      unique = false;
      problems.push(`${day}: 编号重复`);
    }
    const last = (db.prepare('SELECT last_seq FROM case_number_days WHERE day = ?').get(day) as { last_seq: number } | undefined)?.last_seq ?? 0;
    const missing = [] as number[];
    const have = new Set(seqs);
    for (let s = 1; s <= last; s++) if (!have.has(s)) missing.push(s);
    if (missing.length || seqs.length !== last) {
      gapFree = false;
      problems.push(`${day}: 共 ${seqs.length} 件，序号至 ${last}，缺 ${missing.slice(0, 10).join('、')}`);
    }
  }
  db.close();

  const kinds: KindFigure[] = [...times.entries()]
    .filter(([k]) => !k.startsWith('setup '))
    .map(([kind, list]) => {
      const f = list.length ? summarize(list) : null;
      const sorted = [...list].sort((a, b) => a - b);
      const p99 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]! : null;
      return { kind, calls: list.length, p50: f?.median ?? null, p95: f?.p95 ?? null, p99, max: f?.max ?? null, errors: errorsByKind.get(kind) ?? 0 };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind));

  // The same calls by phase: a restart without persisted sessions makes every client sign in
  // again at once (scrypt), which the figures per kind include.
  const phases: CentreLoadReport['phases'] = [];
  const phase = (label: string, from: number, to: number) => {
    const list = timeline.filter(([at, kind]) => at >= from && at < to && !LONG_KINDS.has(kind)).map(([, , ms]) => ms);
    if (!list.length) return;
    const sorted = [...list].sort((a, b) => a - b);
    const f = summarize(list);
    phases.push({ label, calls: list.length, p50: f.median, p95: f.p95, p99: sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]! });
  };
  const end = seconds * 1000 + 1;
  if (killedAt !== null) {
    const k = killedAt - t0Run;
    phase('before the kill', 0, k);
    phase('the 15 s after the kill', k, k + 15_000);
    phase('from 15 s after the kill', k + 15_000, end);
  } else phase('whole run', 0, end);

  const report: CentreLoadReport = {
    options: { ...options, log: undefined } as Omit<CentreLoadOptions, 'log'>,
    pace,
    dataDir,
    residents,
    seededCases: seedInfo.cases,
    seconds,
    loadAverage: { start: loadStart, end: loadEnd },
    kinds,
    phases,
    timeline,
    errors: { count: errorCount, samples: errorSamples },
    expected: { relogins, retriedWritesAlreadyApplied },
    retried: { writes: retriedWrites, replayedIntakes },
    cliRetries: cliRetries.n,
    kill: killReport,
    export: exported,
    backup: backedUp,
    checks: {
      acknowledgedIntakes: intakes.length,
      acknowledgedTransitions: transitions.length,
      lostIntakes,
      lostTransitions,
      doubledIntakes,
      doubledTransitions,
      unacknowledgedCases,
      caseNumbersUnique: unique,
      caseNumbersGapFree: gapFree,
      caseNumberProblems: problems,
      auditValid: audit.ok && (audit.result as { ok: boolean }).ok === true,
      auditRows: audit.ok ? (audit.result as { rows: number }).rows : 0,
      auditVerifyMs: verifyMs,
    },
  };
  if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  return report;
}

/** A small stable hash (FNV-1a) to share cases among reviewers. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
