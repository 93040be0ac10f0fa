/**
 * Browser mode from the command line: `npm run serve -- [--port N] [--db FILE] [--data-dir DIR] [--demo]`.
 * Prints one line with the URL to open.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openCore } from '../db/src/core';
import { describeOpenError } from './startup-errors';
import { resolveDataLocation } from './paths';
import { startBrowserHost } from './serve';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const { dbPath } = resolveDataLocation({ dbArg: values.db, dataDirArg: values['data-dir'], demo: values.demo });
let core;
try {
  core = openCore({ dbPath });
} catch (err) {
  console.error(describeOpenError(err, dbPath));
  process.exit(8);
}
const staticDir = process.env.ONEWINDOW_RENDERER_DIR ?? fileURLToPath(new URL('../dist/renderer/', import.meta.url));
const host = await startBrowserHost({ core, staticDir, port: values.port ? Number(values.port) : 0 });
console.log(`一窗受理（浏览器模式）已启动，请在浏览器中打开：${host.url}  （数据库：${dbPath}）`);

const shutdown = async () => {
  await host.close();
  core.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
