#!/usr/bin/env node
/**
 * `npm start [-- --demo] [-- --port N] [-- --data-dir DIR]`: the desktop app where the Electron
 * binary is installed, otherwise browser mode on 127.0.0.1 (said in one line).
 * Builds the UI first when its sources are newer than the last build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeBundle } from '../build/node-bundles.mjs';
import { ensureRenderer } from '../build/renderer-build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function run(cmd, cmdArgs) {
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

ensureRenderer();

/** The Electron binary's path, or null where only its types were installed. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = process.env.ONEWINDOW_BROWSER_MODE ? null : electronBinary();
let child;
if (electron) {
  run(process.execPath, [join(root, 'build', 'build-electron.mjs')]);
  child = spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' });
} else {
  console.log('未找到 Electron 程序文件（本机只装了它的类型定义），改为以浏览器模式启动。');
  child = spawn(process.execPath, [await ensureNodeBundle('serve-cli'), ...args], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
