/**
 * Run in a child process by the import kill test: signs in and imports a file, printing
 * the import's progress as JSON lines, so the test can SIGKILL it while it applies.
 * argv: dbPath, file, username, password.
 */
import { openCore } from '../../db/src/core';

const [dbPath, file, username, password] = process.argv.slice(2) as [string, string, string, string];
const core = openCore({ dbPath, integrityCheck: false, logger: { error: () => {}, warn: () => {}, info: () => {} } });
const token = await core.login(username, password);
const pending = core.dispatch('residents.import', { file }, token);
const timer = setInterval(() => {
  void core.dispatch('residents.importProgress', {}, token).then((res) => {
    if (res.ok) process.stdout.write(`${JSON.stringify(res.result)}\n`);
  });
}, 25);
const res = await pending;
clearInterval(timer);
process.stdout.write(`finished ${JSON.stringify(res.ok ? { ok: true } : res.error)}\n`);
core.close();
