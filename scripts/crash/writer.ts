/**
 * Child process of the crash soak:
 * `node --import tsx scripts/crash/writer.ts --db FILE --run N [--max M] [--wait]`.
 * Opens the core, signs in (creating the accounts when the file is new) and writes in a
 * loop through the dispatcher. Prints `ack <id> <name>` for each write only after the
 * dispatcher answered ok: a printed line is a promise that the record survives a crash.
 * With --wait it loads everything, then waits for a line on stdin before touching the
 * database, so the soak can start the next writer while it checks the last one.
 * The password comes from ONEWINDOW_PASSWORD (a fixed test value otherwise: the file is
 * a throwaway made by the soak).
 */
import { parseArgs } from 'node:util';
import { openCore, type Core } from '../../db/src/core';
import { writeOne } from './write-step';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    run: { type: 'string', default: '0' },
    max: { type: 'string', default: '100000' },
    wait: { type: 'boolean', default: false },
  },
});
if (!values.db) {
  process.stderr.write('用法：writer.ts --db FILE --run N [--max M]\n');
  process.exit(2);
}

const PASSWORD = process.env.ONEWINDOW_PASSWORD ?? 'crash-soak-pass-1';
const ADMIN = 'crash-admin';
const CLERK = 'crash-clerk';

async function call(core: Core, name: string, input: unknown, token: string | null = null) {
  const res = await core.dispatch(name, input, token);
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.result;
}

/** Signs in as the soak's clerk, creating the administrator and the clerk on a new file. */
async function signIn(core: Core): Promise<string> {
  const { initialized } = (await call(core, 'accounts.status', {})) as { initialized: boolean };
  if (!initialized) {
    await call(core, 'accounts.setup', { username: ADMIN, password: PASSWORD, displayName: '压测管理员', staffIdNumber: '11010519491231002X' });
    const admin = await core.login(ADMIN, PASSWORD);
    await call(core, 'accounts.create', { username: CLERK, password: PASSWORD, displayName: '压测受理员', staffIdNumber: '310104198505050012', roles: ['clerk'] }, admin);
    await call(core, 'accounts.logout', {}, admin);
  }
  return core.login(CLERK, PASSWORD);
}

if (values.wait) {
  await new Promise<void>((resolve) => {
    process.stdin.once('data', () => resolve());
    process.stdin.once('end', () => process.exit(0));
  });
  process.stdin.pause();
}

const logger = { error: (m: string, e?: unknown) => process.stderr.write(`${m} ${e instanceof Error ? e.stack : ''}\n`), warn: () => {}, info: () => {} };
const core = openCore({ dbPath: values.db, logger });
const token = await signIn(core);
const run = Number(values.run);
const max = Number(values.max);
for (let i = 0; i < max; i++) {
  const ack = await writeOne(core, token, run, i);
  process.stdout.write(`ack ${ack}\n`);
}
core.close();
