/**
 * Browser mode from the command line: `npm run serve -- [--port N] [--db FILE] [--data-dir DIR] [--demo]`.
 * Prints one line with the URL to open.
 */
import { parseArgs } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOnSignals, startHostApp } from './host-app';
import { resolveDataLocation } from './paths';
import { startBrowserHost } from './serve';
import { testClockFromEnv } from './test-clock';
import { demoNotice, ensureDemoDatabase } from './demo';

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
// A database that does not open (damaged, newer, unreadable) is no exit: the same page then
// offers restoring a backup through recovery.status / recovery.restore. The quick_check of
// the whole file runs on a worker thread once the host is up.
const app = startHostApp({
  dbPath,
  testNow,
  messages: { recovery: '已进入恢复模式：请在浏览器中由管理员选择备份进行恢复。', restored: '已从备份恢复，程序恢复正常。' },
});
const staticDir = process.env.ONEWINDOW_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
const host = await startBrowserHost({ core: app, staticDir, port: values.port ? Number(values.port) : 0 });
console.log(`一窗受理（浏览器模式）已启动，请在浏览器中打开：${host.url}  （数据库：${dbPath}）`);

closeOnSignals(app, host);
