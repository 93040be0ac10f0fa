/**
 * The resident import of the bench, in a process of its own so that its peak memory is the
 * import's: a fresh database, the administrator, then `residents.import` of the file given,
 * then the same file again (a no-op). argv: dbPath, file. Prints one JSON line.
 */
import { openCore } from '../../db/src/core';

const [dbPath, file] = process.argv.slice(2) as [string, string];
const quiet = { error: (m: string, e?: unknown) => console.error(m, e), warn: () => {}, info: () => {} };
const core = openCore({ dbPath, logger: quiet, integrityCheck: false });
const admin = { username: 'admin', password: 'bench-pass-1', displayName: '王管理', staffIdNumber: '110101198001010037' };
const setup = await core.dispatch('accounts.setup', admin);
if (!setup.ok) throw new Error(JSON.stringify(setup.error));
const token = await core.login(admin.username, admin.password);

let polls = 0;
let maxProgressMs = 0;
const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
// the highest RSS seen in each phase (sampled with the progress polls)
const phaseRssMiB: Record<string, number> = {};
const timer = setInterval(() => {
  const t0 = performance.now();
  void core.dispatch('residents.importProgress', {}, token).then((res) => {
    polls++;
    maxProgressMs = Math.max(maxProgressMs, performance.now() - t0);
    const phase = res.ok ? ((res.result as { phase?: string }).phase ?? 'idle') : 'error';
    phaseRssMiB[phase] = Math.max(phaseRssMiB[phase] ?? 0, Math.round(process.memoryUsage().rss / 2 ** 20));
  });
}, 500);
const t0 = performance.now();
const first = await core.dispatch('residents.import', { file }, token);
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
if (!first.ok) throw new Error(JSON.stringify(first.error));
const r = first.result as { rows: number; created: number; refused: unknown[]; households: { created: number } };
const t1 = performance.now();
const again = await core.dispatch('residents.import', { file }, token);
const repeatSeconds = (performance.now() - t1) / 1000;
if (!again.ok) throw new Error(JSON.stringify(again.error));
core.close();
process.stdout.write(
  `${JSON.stringify({
    rows: r.rows,
    created: r.created,
    refused: r.refused.length,
    households: r.households.created,
    seconds,
    repeatSeconds,
    repeatApplied: (again.result as { applied: number }).applied,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    rssBeforeMiB,
    phaseRssMiB,
    progressPolls: polls,
    slowestProgressMs: maxProgressMs,
  })}\n`,
);
