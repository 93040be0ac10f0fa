/**
 * Run in a child process by the export kill test: opens the database as a host does at
 * start and runs the scheduled catch-up, so the test can SIGKILL it while it writes.
 * argv: dbPath, the ISO instant to run at.
 */
import { openCore } from '../../db/src/core';
import { runDueExports } from '../../db/src/exports/schedule';

const [dbPath, at] = process.argv.slice(2) as [string, string];
const now = new Date(at);
const core = openCore({ dbPath, now: () => now, integrityCheck: false, logger: { error: () => {}, warn: () => {}, info: () => {} } });
process.stdout.write('started\n');
await runDueExports(core, now);
process.stdout.write('finished\n');
core.close();
