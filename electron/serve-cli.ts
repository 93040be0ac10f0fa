/**
 * Browser mode from the command line: `npm run serve -- [--port N] [--db FILE] [--data-dir DIR] [--demo]`.
 * Prints one line with the URL to open.
 */
import { parseArgs } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore, type Core } from '../db/src/core';
import { ensureDailyBackup } from '../db/src/backups/daily';
import { openRecovery, type Recovery } from '../db/src/backups/recovery';
import { describeOpenError } from './startup-errors';
import { resolveDataLocation } from './paths';
import { startBrowserHost } from './serve';
import { testClockFromEnv } from './test-clock';
import { demoNotice, ensureDemoDatabase } from './demo';
import { runDueExports, scheduleTime } from '../db/src/exports/schedule';
import { EXPORTS_JOB, hostJobs } from './host-jobs';
import { createScheduler, type Scheduler } from './scheduler';

// Run from the sources (electron/) or from the bundle npm start builds (dist/electron/).
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = basename(dirname(here)) === 'dist' ? dirname(dirname(here)) : dirname(here);
process.env.ONEWINDOW_MIGRATIONS_DIR ??= join(ROOT, 'db', 'migrations');

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const HOUR = 3600_000;
let dailyTimer: NodeJS.Timeout | undefined;

/** Today's backup now, then a check every hour (a counter may stay open for days). */
function scheduleDailyBackups(core: Core): void {
  const run = () =>
    ensureDailyBackup(core).catch((err) => console.error(`[onewindow] 每日备份失败：${(err as Error).message}`));
  void run();
  dailyTimer = setInterval(run, HOUR);
  dailyTimer.unref();
}

let exportScheduler: Scheduler | undefined;
/**
 * The district exports through the same scheduler as the desktop: at start (catch-up) and
 * at the daily time. State in memory only: each start re-checks, and exports.due makes a
 * repeated check export nothing twice.
 */
function scheduleExports(core: Core): void {
  exportScheduler?.stop();
  exportScheduler = createScheduler({
    jobs: hostJobs(core, { scheduleTime, runDueExports }).filter((j) => j.name === EXPORTS_JOB),
    load: () => ({}),
    save: () => {},
    log: { info: (m) => console.log(`[onewindow] ${m}`), error: (m, err) => console.error(`[onewindow] ${m}：${(err as Error)?.message ?? err}`) },
  });
  exportScheduler.start(60_000);
}

// Outside the open below: a refused test clock stops the host, it is no reason for recovery mode.
const testNow = testClockFromEnv();
if (testNow) console.warn(`[onewindow] 测试时钟：ONEWINDOW_TEST_NOW=${process.env.ONEWINDOW_TEST_NOW}，不是真实时间`);

const { dbPath } = resolveDataLocation({ dbArg: values.db, dataDirArg: values['data-dir'], demo: values.demo });
if (values.demo) {
  // The demo database is a separate file, seeded on first use (electron/demo.ts).
  const demoSize = process.env.ONEWINDOW_DEMO_SIZE?.split(',').map(Number);
  const demo = ensureDemoDatabase(dbPath, demoSize ? { residents: demoSize[0], cases: demoSize[1] } : {});
  for (const line of demoNotice(dbPath, demo)) console.log(line);
}
let core: Core | null = null;
let recovery: Recovery | null = null;

/** Not an exit: the same page then offers restoring a backup. Nothing is changed by itself. */
function enterRecovery(err: unknown): void {
  const message = describeOpenError(err, dbPath);
  console.error(message);
  console.error('已进入恢复模式：请在浏览器中由管理员选择备份进行恢复。');
  recovery = openRecovery({
    dbPath,
    error: err,
    message,
    onRestored: (restored) => {
      core = restored;
      console.log('已从备份恢复，程序恢复正常。');
      scheduleDailyBackups(restored);
      scheduleExports(restored);
    },
  });
}

try {
  // The quick_check of the whole file runs on a worker thread once the host is up; a
  // damaged file found then sends every later call to the recovery handlers.
  const opened = openCore({ dbPath, integrityCheck: 'background', ...(testNow ? { now: testNow } : {}) });
  core = opened;
  // The timers write (a backup, export runs): only into a file that passed the check.
  opened.integrity.then(
    () => {
      if (core !== opened) return;
      scheduleDailyBackups(opened);
      scheduleExports(opened);
    },
    () => {},
  );
  opened.integrity.catch((err: unknown) => {
    if (core !== opened) return;
    try {
      opened.close();
    } catch {
      // a damaged file may refuse the checkpoint; the recovery keeps it as it is anyway
    }
    core = null;
    enterRecovery(err);
  });
} catch (err) {
  enterRecovery(err);
}
const staticDir = process.env.ONEWINDOW_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
// Calls go to whichever serves now: the core, or the recovery (which forwards to the restored core).
const dispatch: Core['dispatch'] = (name, input, token) => (recovery ?? core!).dispatch(name, input, token);
const host = await startBrowserHost({ core: { dispatch }, staticDir, port: values.port ? Number(values.port) : 0 });
console.log(`一窗受理（浏览器模式）已启动，请在浏览器中打开：${host.url}  （数据库：${dbPath}）`);

const shutdown = async () => {
  clearInterval(dailyTimer);
  exportScheduler?.stop();
  await host.close();
  core?.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
