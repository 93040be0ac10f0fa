import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore } from '../../db/src/core';
import { verifyChain } from '../../db/src/kernel/audit-chain';
import { countRows, isPresent } from './write-step';

const WRITER = fileURLToPath(new URL('./writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CrashSoakOptions {
  /** how many times a writer is killed */
  kills: number;
  /** the database to write to; a new file in a temporary folder when absent */
  dbPath?: string;
  log?: (line: string) => void;
  /** the kill comes 0..maxDelayMs after the writer's first acknowledged write (default 300) */
  maxDelayMs?: number;
}

export interface CrashSoakResult {
  kills: number;
  /** checks after a kill where the file did not open, quick_check was not ok or the audit chain broke */
  integrityFailures: number;
  /** acknowledged writes missing from the database after a kill */
  lostWrites: number;
  /** records in the database at the end */
  rows: number;
  acknowledged: number;
  dbPath: string;
  /** what each failed check reported */
  problems: string[];
}

interface Writer {
  child: ChildProcess;
  acks: string[];
  firstAck: Promise<void>;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  go(): void;
}

/** Starts a writer that loads its code and then waits for go(), so its start-up overlaps the previous check. */
function startWriter(dbPath: string, run: number): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, '--db', dbPath, '--run', String(run), '--wait'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const acks: string[] = [];
  let stderr = '';
  let pending = '';
  let onFirst!: () => void;
  const firstAck = new Promise<void>((resolve) => (onFirst = resolve));
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    // Only whole lines count: a line cut by the kill was never fully acknowledged.
    pending = lines.pop()!;
    for (const line of lines) if (line.startsWith('ack ')) acks.push(line.slice(4));
    if (acks.length > 0) onFirst();
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, acks, firstAck, closed, go: () => child.stdin!.write('go\n') };
}

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** Opens the file the way the program does and checks it; returns the problems found. */
function check(dbPath: string, acked: readonly string[], lost: Set<string>): { problems: string[]; rows: number } {
  let core;
  try {
    core = openCore({ dbPath, logger: quiet });
  } catch (err) {
    return { problems: [`无法打开：${(err as Error).message}`], rows: 0 };
  }
  try {
    const problems: string[] = [];
    const quick = core.db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') problems.push(`quick_check：${String(quick)}`);
    const chain = verifyChain(core.db);
    if (!chain.ok) problems.push(`审计链：${chain.reason}`);
    for (const ack of acked) if (!isPresent(core.db, ack)) lost.add(ack);
    return { problems, rows: countRows(core.db) };
  } finally {
    core.close();
  }
}

/**
 * Starts the writer `kills` times, kills it with SIGKILL at a random moment after its
 * first acknowledged write, and after each kill checks that the database opens, passes
 * quick_check, its audit chain verifies and every acknowledged write (from every run so
 * far) is present.
 */
export async function runCrashSoak(options: CrashSoakOptions): Promise<CrashSoakResult> {
  const dbPath = options.dbPath ?? join(mkdtempSync(join(tmpdir(), 'onewindow-crash-')), 'crash.sqlite');
  const maxDelay = options.maxDelayMs ?? 300;
  const acked: string[] = [];
  const lost = new Set<string>();
  const problems: string[] = [];
  let integrityFailures = 0;
  let rows = 0;
  // Writers load their code ahead (a child spends ~1 s in start-up before it can write),
  // so the next one is ready by the time the last kill has been checked.
  const AHEAD = 2;
  const ready: Writer[] = [];
  let started = 0;
  const topUp = () => {
    while (ready.length < AHEAD && started < options.kills) ready.push(startWriter(dbPath, started++));
  };
  topUp();
  try {
    for (let k = 0; k < options.kills; k++) {
      const current = ready.shift()!;
      current.go();
      topUp();

      const ended = await Promise.race([current.firstAck.then(() => null), current.closed]);
      if (ended) throw new Error(`写入进程未写入就退出了（${ended.code ?? ended.signal}）：${ended.stderr.slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * maxDelay));
      current.child.kill('SIGKILL');
      const { signal, stderr } = await current.closed;
      if (signal !== 'SIGKILL') throw new Error(`写入进程在被终止前自行退出：${stderr.slice(0, 2000)}`);

      acked.push(...current.acks);
      const result = check(dbPath, acked, lost);
      rows = result.rows;
      if (result.problems.length > 0) {
        integrityFailures++;
        problems.push(`第 ${k + 1} 次：${result.problems.join('；')}`);
      }
      options.log?.(`kill ${k + 1}/${options.kills}: ${current.acks.length} acks, ${rows} rows, ${lost.size} lost, ${integrityFailures} integrity failures`);
    }
  } finally {
    for (const w of ready) w.child.kill('SIGKILL');
  }
  return { kills: options.kills, integrityFailures, lostWrites: lost.size, rows, acknowledged: acked.length, dbPath, problems };
}
