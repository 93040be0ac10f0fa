/**
 * The centre server without Electron: `npm run server -- --data-dir DIR [--listen HOST:PORT]
 * [--name NAME]… [--centre-name 名称]`. Holds the database, backups, exports and schedules,
 * and serves the API and the UI over TLS to the centre's paired devices
 * (docs/centre-server.md). Prints one line with the https:// URL and the certificate's
 * SHA-256 fingerprint, which the administrator compares on each client when pairing.
 */
import { parseArgs } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOnSignals, startHostApp } from './host-app';
import { resolveDataLocation } from './paths';
import { testClockFromEnv } from './test-clock';
import { loadOrCreateCertificates } from './server/certificates';
import { parseListen, serverNames, shownUrl } from './server/listen';
import { startCentreServer } from './server/centre-host';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = basename(dirname(here)) === 'dist' ? dirname(dirname(here)) : dirname(here);
process.env.ONEWINDOW_MIGRATIONS_DIR ??= join(ROOT, 'db', 'migrations');

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    listen: { type: 'string' },
    name: { type: 'string', multiple: true },
    'centre-name': { type: 'string' },
  },
  allowPositionals: false,
});

function usage(message: string): never {
  console.error(`${message}\n用法：npm run server -- --data-dir 数据文件夹 [--listen 地址:端口] [--name 服务器名称]…`);
  process.exit(2);
}

function listenOrUsage(raw: string | undefined): { host: string; port: number } {
  try {
    return parseListen(raw);
  } catch (err) {
    return usage(`--listen ${(err as Error).message}`);
  }
}

if (!values['data-dir']) usage('缺少 --data-dir：中心服务器的数据文件夹');
const listen = listenOrUsage(values.listen);
const testNow = testClockFromEnv();
const { dbPath, dataDir } = resolveDataLocation({ dbArg: undefined, dataDirArg: values['data-dir'], demo: false });
const names = serverNames(listen.host, values.name ?? []);

let certs;
try {
  certs = await loadOrCreateCertificates(dataDir, { centreName: values['centre-name'] ?? '社区事务受理服务中心', names, now: testNow?.() ?? new Date() });
} catch (err) {
  console.error(`无法准备服务器证书：${(err as Error).message}`);
  process.exit(8);
}
const app = startHostApp({
  dbPath,
  testNow,
  centre: { fingerprint: certs.fingerprint, caFingerprint: certs.caFingerprint },
  messages: { recovery: '中心服务器已进入恢复模式：请在服务器上由管理员从备份恢复。', restored: '已从备份恢复，中心服务器恢复正常。' },
});
const staticDir = process.env.ONEWINDOW_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
const server = await startCentreServer({ app, certs, staticDir, host: listen.host, port: listen.port });
const url = shownUrl(listen.host, certs.names, server.port);
console.log(`一窗受理中心服务器已启动：${url}  证书指纹 SHA-256 ${certs.fingerprint}  （数据文件夹：${dataDir}）`);
const status = await app.dispatch('accounts.status', {});
if (status.ok && !(status.result as { initialized: boolean }).initialized) {
  console.log(`尚无账户：请在本机创建第一个管理员：npm run -s cli -- --db ${dbPath} accounts.setup '{"username":"admin","password":"…","displayName":"…","staffIdNumber":"…"}'`);
}
if (certs.created !== 'none') console.log(certs.created === 'all' ? `已创建中心证书（SHA-256 ${certs.caFingerprint}）和服务器证书。` : '已更新服务器证书（名称变化或即将到期）；中心证书不变，已配对的设备无需重新配对。');

closeOnSignals(app, server);
