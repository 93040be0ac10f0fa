/**
 * Command line for administrators' scripts:
 *   npm run cli -- --db FILE HANDLER 'JSON-INPUT'   → JSON result on stdout
 *   npm run cli -- --list                          → every handler with its input as JSON Schema
 * Errors go to stderr as the typed error JSON, with an exit code per error code.
 */
import { parseArgs } from 'node:util';
import { z } from '../db/src/dispatcher/zod-zh';
import { openCore } from '../db/src/core';
import { handlers } from '../db/src/handlers';
import type { ErrorCode } from '../db/src/errors';
import { resolveDataLocation } from './paths';
import { describeOpenError } from './startup-errors';

export const EXIT_CODES: Record<ErrorCode | 'USAGE' | 'OPEN', number> = {
  INTERNAL: 1,
  USAGE: 2,
  VALIDATION: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
  FORBIDDEN: 6,
  UNAUTHENTICATED: 7,
  OPEN: 8,
};

function fail(kind: keyof typeof EXIT_CODES, body: unknown): never {
  process.stderr.write(JSON.stringify(body, null, 2) + '\n');
  process.exit(EXIT_CODES[kind]);
}

const USAGE = "用法：npm run cli -- [--db 文件] 功能名 'JSON输入'    或    npm run cli -- --list";

let parsed;
try {
  parsed = parseArgs({
    options: {
      db: { type: 'string' },
      'data-dir': { type: 'string' },
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

const { dbPath } = resolveDataLocation({ dbArg: values.db, dataDirArg: values['data-dir'] });
let core;
try {
  core = openCore({ dbPath });
} catch (err) {
  fail('OPEN', { code: 'OPEN', message: describeOpenError(err, dbPath) });
}
const response = await core.dispatch(name, input);
core.close();
if (response.ok) {
  process.stdout.write(JSON.stringify(response.result, null, 2) + '\n');
  process.exit(0);
}
fail(response.error.code, response.error);
