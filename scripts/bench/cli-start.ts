/**
 * `npm run bench:cli [-- --runs N] [-- --db FILE]`: how long one command-line call takes,
 * start to exit: `npm run -s cli -- --db F --user clerk1 cases.get '{"id":1}'`.
 *
 * Measured in the same run, in turn (each way goes first on every other run, so a burst of
 * load on this shared machine falls on all of them alike):
 * - npm run -s cli: what an administrator types (npm, then the bundle);
 * - node scripts/run-bundle.cjs cli: the same without npm's own start;
 * - tsx electron/cli.ts: what `npm run cli` ran before the bundle (compiles the sources).
 * Without --db, a small demo database (200 residents, 300 cases) is generated first.
 * The call signs in, so each run includes one password check (scrypt, ~50 ms). Beside the
 * wall time, the CPU time the call used (user + system, Linux), which a busy machine
 * disturbs far less.
 * Benchmarks are not tests: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';
import { fmt, summarize } from './stats';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, db: { type: 'string' } },
  allowPositionals: false,
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs 应为正整数');

let temp: string | null = null;
let dbPath = values.db;
if (!dbPath) {
  temp = mkdtempSync(join(tmpdir(), 'onewindow-cli-start-'));
  dbPath = join(temp, 'demo.sqlite');
  const seeded = spawnSync('npm', ['run', '-s', 'seed', '--', '--db', dbPath, '--residents', '200', '--cases', '300', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`npm run seed failed: ${seeded.stderr}`);
}
await ensureNodeBundle('cli');

const call = ['--db', dbPath, '--user', 'clerk1', 'cases.get', '{"id":1}'];
const ways: { name: string; cmd: string; args: string[] }[] = [
  { name: 'npm run -s cli (bundle)', cmd: 'npm', args: ['run', '-s', 'cli', '--', ...call] },
  { name: 'node scripts/run-bundle.cjs cli', cmd: process.execPath, args: ['scripts/run-bundle.cjs', 'cli', ...call] },
  { name: 'tsx electron/cli.ts (before)', cmd: join(ROOT, 'node_modules', '.bin', 'tsx'), args: ['electron/cli.ts', ...call] },
];
const env = { ...process.env, ONEWINDOW_PASSWORD: 'demo1234' };

/**
 * CPU time of this process's waited-for children so far, in ms (Linux; null elsewhere):
 * unlike the wall time it hardly grows when other work shares the cores. 10 ms steps.
 */
function childrenCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: cutime and cstime are the 14th and 15th fields (clock ticks, 100 Hz).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const once = (way: (typeof ways)[number]) => {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const res = spawnSync(way.cmd, way.args, { cwd: ROOT, env, encoding: 'utf8' });
  const wall = performance.now() - t0;
  const cpu1 = childrenCpuMs();
  if (res.status !== 0 || JSON.parse(res.stdout).id !== 1) throw new Error(`${way.name} failed (${res.status}): ${res.stderr}`);
  return { wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
};

const loadAtStart = loadavg().map((x) => x.toFixed(2)).join(' ');
for (const way of ways) once(way); // warm the file cache
const times = ways.map(() => [] as number[]);
const cpuTimes = ways.map(() => [] as number[]);
for (let i = 0; i < runs; i++) {
  for (let k = 0; k < ways.length; k++) {
    const w = (i + k) % ways.length;
    const { wall, cpu } = once(ways[w]!);
    times[w]!.push(wall);
    if (cpu !== null) cpuTimes[w]!.push(cpu);
  }
}
console.log(`命令行调用用时（${runs} 次，${cpus().length} 核，负载 ${loadAtStart} → ${loadavg().map((x) => x.toFixed(2)).join(' ')}）`);
ways.forEach((way, k) => {
  const f = summarize(times[k]!);
  const cpu = cpuTimes[k]!.length ? `  CPU median ${fmt(summarize(cpuTimes[k]!).median).padStart(6)} ms` : '';
  console.log(`  ${way.name.padEnd(34)} median ${fmt(f.median).padStart(6)} ms  p95 ${fmt(f.p95).padStart(6)} ms  min ${fmt(f.min).padStart(6)} ms${cpu}`);
});
if (temp) rmSync(temp, { recursive: true, force: true });
