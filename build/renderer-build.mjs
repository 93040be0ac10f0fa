/**
 * The UI in dist/renderer, built with vite when it is missing or a source is newer than the
 * last build: `npm start`, `npm run serve`, `npm run bench` and the end-to-end tests all
 * serve it, and a fresh clone has none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const RENDERER_INDEX = join(root, 'dist', 'renderer', 'index.html');

function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why the UI must be built, or null when dist/renderer is up to date. */
export function rendererStaleReason() {
  if (!existsSync(RENDERER_INDEX)) return 'dist/renderer/index.html 不存在';
  // The renderer imports the contract's types and db/src/shared; the packages may change too.
  const sources = ['renderer', join('db', 'src'), 'package-lock.json', join('node_modules', '.package-lock.json')];
  const built = statSync(RENDERER_INDEX).mtimeMs;
  const changed = sources.find((p) => newestMtime(join(root, p)) > built);
  return changed ? `${changed} 比上次构建新` : null;
}

/** Builds the UI when it is stale; exits the process when the build fails. */
export function ensureRenderer() {
  const reason = rendererStaleReason();
  if (!reason) return;
  console.error(`正在构建界面（${reason}）…`);
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('界面构建失败');
    process.exit(res.status ?? 1);
  }
}
