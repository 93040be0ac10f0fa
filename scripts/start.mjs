#!/usr/bin/env node
/**
 * `npm start [-- --demo] [-- --port N] [-- --data-dir DIR]`: the desktop app where the Electron
 * binary is installed, otherwise browser mode on 127.0.0.1 (said in one line).
 * Builds the UI first when its sources are newer than the last build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function run(cmd, cmdArgs) {
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

const builtIndex = join(root, 'dist', 'renderer', 'index.html');
const sourcesChanged =
  !existsSync(builtIndex) ||
  Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'db', 'src'))) > statSync(builtIndex).mtimeMs;
if (sourcesChanged) run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);

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
  // The bundle, rebuilt when a source it holds is newer: it starts in a fraction of the time
  // tsx takes to compile the sources.
  const bundle = join(root, 'dist', 'electron', 'serve-cli.mjs');
  const bundleStale =
    !existsSync(bundle) ||
    Math.max(...['electron', join('db', 'src'), join('scripts', 'seed')].map((d) => newestMtime(join(root, d))), statSync(join(root, 'package-lock.json')).mtimeMs) >
      statSync(bundle).mtimeMs;
  if (bundleStale) run(process.execPath, [join(root, 'build', 'build-electron.mjs')]);
  child = spawn(process.execPath, [bundle, ...args], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
