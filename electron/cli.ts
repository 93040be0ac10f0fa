/**
 * Command line for administrators' scripts:
 *   npm run cli -- --db FILE HANDLER 'JSON-INPUT'   → JSON result on stdout
 *   npm run cli -- --list                          → every handler with its input as JSON Schema
 * Errors go to stderr as the typed error JSON, with an exit code per error code.
 */
import { parseArgs } from 'node:util';
import { z } from '../db/src/kernel/zod-zh';
import { createApp } from '../db/src/app';
import { consoleLogger } from '../db/src/core';
import { handlers } from '../db/src/handlers';
import type { ErrorCode } from '../db/src/kernel/errors';
import { resolveDataLocation } from './paths';
import { describeOpenError } from './startup-errors';
import { readCentreIdentity } from './server/identity';

// A call checks two or three inputs once: zod's compiled fast path (new Function per object
// schema) costs more to build than it saves here. The checks themselves are the same.
z.config({ jitless: true });

export const EXIT_CODES: Record<ErrorCode | 'USAGE' | 'OPEN', number> = {
  INTERNAL: 1,
  USAGE: 2,
  VALIDATION: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
  FORBIDDEN: 6,
  UNAUTHENTICATED: 7,
  OPEN: 8,
  // Only the browser-mode host answers it; listed so every code has its own exit code.
  RATE_LIMITED: 9,
  RECOVERY_MODE: 10,
  NOT_IN_RECOVERY: 11,
  // Only the centre server answers them (a device's credential); listed for the same reason.
  DEVICE_UNKNOWN: 12,
  DEVICE_REVOKED: 13,
};

function fail(kind: keyof typeof EXIT_CODES, body: unknown): never {
  process.stderr.write(JSON.stringify(body, null, 2) + '\n');
  process.exit(EXIT_CODES[kind]);
}

const USAGE = [
  "用法：npm run cli -- [--db 文件] [--user 用户名] 功能名 'JSON输入'",
  '      npm run cli -- --list',
  '密码从环境变量 ONEWINDOW_PASSWORD 读取；未设置且连着终端时提示输入。密码从不写在命令行上。',
].join('\n');

// One function rather than top-level await: the bundle is CommonJS, so that the launcher
// can hand V8 a code cache for it (scripts/run-bundle.mjs).
async function main(): Promise<never> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        db: { type: 'string' },
        'data-dir': { type: 'string' },
        user: { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
  } catch (err) {
    fail('USAGE', { code: 'USAGE', message: `${(err as Error).message}\n${USAGE}` });
  }
  const { values, positionals } = parsed;

  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }

  if (values.list) {
    const list = Object.entries(handlers).map(([name, spec]) => ({
      name,
      summary: spec.summary,
      kind: spec.kind,
      roles: spec.roles,
      input: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
    }));
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    process.exit(0);
  }

  const [name, json, ...rest] = positionals;
  if (!name || rest.length > 0) fail('USAGE', { code: 'USAGE', message: USAGE });
  let input: unknown = {};
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch {
      fail('USAGE', { code: 'USAGE', message: `输入不是有效的 JSON：${json.slice(0, 200)}` });
    }
  }

  const { dbPath, dataDir } = resolveDataLocation({ dbArg: values.db, dataDirArg: values['data-dir'] });
  // On a centre server's data folder the command line pairs devices with the server's fingerprint.
  const centre = readCentreIdentity(dataDir);
  // stdout carries only the JSON result, stderr the error JSON: a database that does not open
  // is reported once, as OPEN, below.
  let opened = false;
  const log = {
    error: (m: string, err?: unknown) => opened && consoleLogger.error(m, err),
    warn: (m: string) => consoleLogger.warn(m),
    info: (m: string) => console.error(`[onewindow] ${m}`),
  };
  const core = createApp({ dbPath, describeOpenError, log, ...(centre ? { centre } : {}) });
  opened = true;
  // A database that does not open answers only recovery.status and recovery.restore.
  if (core.mode === 'recovery' && !name.startsWith('recovery.')) {
    fail('OPEN', { code: 'OPEN', message: core.failure?.message ?? describeOpenError(null, dbPath) });
  }
  let sessionToken: string | null = null;
  if (values.user) {
    const password = process.env.ONEWINDOW_PASSWORD ?? (process.stdin.isTTY ? await promptPassword(`${values.user} 的密码：`) : undefined);
    if (!password) {
      core.close();
      fail('UNAUTHENTICATED', { code: 'UNAUTHENTICATED', message: '未提供密码：请设置环境变量 ONEWINDOW_PASSWORD，或在终端中运行以便输入' });
    }
    const login = core.mode === 'ready' ? await core.dispatch('accounts.login', { username: values.user, password }) : null;
    if (!login) {
      core.close();
      fail('RECOVERY_MODE', { code: 'RECOVERY_MODE', message: '恢复模式下无需登录：recovery.restore 自带管理员用户名和密码' });
    }
    if (!login.ok) {
      core.close();
      fail(login.error.code, login.error);
    }
    sessionToken = (login.result as { token: string }).token;
  }
  const response = await core.dispatch(name, input, sessionToken);
  if (sessionToken) await core.dispatch('accounts.logout', {}, sessionToken);
  core.close();
  if (response.ok) {
    process.stdout.write(JSON.stringify(response.result, null, 2) + '\n');
    process.exit(0);
  }
  fail(response.error.code, response.error);
}

void main();

/** Reads a password from the terminal without echoing it. */
function promptPassword(question: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(question);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (ch: string) => {
      for (const c of ch) {
        if (c === '\r' || c === '\n' || c === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (c === '\u0003') process.exit(130);
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}
