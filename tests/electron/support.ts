import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Electron binary, or the reason there is none. `npm install` with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 (as on the build machines, which cannot download it)
 * installs only the types, and require('electron') then throws.
 */
export function findElectron(): { path: string; reason: null } | { path: null; reason: string } {
  let path: unknown;
  try {
    path = require('electron');
  } catch (err) {
    return { path: null, reason: `Electron 程序文件未安装：require('electron') 失败（${(err as Error).message.split('\n')[0]}）。只装了类型定义时桌面端测试无法运行；在能下载 Electron 的机器上运行 npm install 后即会执行。` };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return { path: null, reason: `Electron 程序文件未安装：${String(path)} 不存在。` };
  }
  return { path, reason: null };
}
