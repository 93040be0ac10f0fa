/**
 * `npm run seed -- --db FILE --residents N --cases M [--seed S] [--until YYYY-MM-DD] [--demo] [--threads 1|2]`
 *
 * Fills a new, empty database with generated residents, households, accounts, cases and
 * their audit rows (see db/src/demo/generate.ts). Refuses a file that already holds records: demo
 * data never goes into a real centre's database. `--threads 2` (the default) generates the
 * rows in a worker thread while this one inserts them; the data is the same either way.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, DEFAULT_UNTIL, seedDatabase } from '../../db/src/demo/generate';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    residents: { type: 'string', default: '2000' },
    cases: { type: 'string', default: '6000' },
    seed: { type: 'string', default: DEFAULT_SEED },
    until: { type: 'string', default: DEFAULT_UNTIL },
    demo: { type: 'boolean', default: false },
    threads: { type: 'string', default: '2' },
    quiet: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (!values.db) {
  console.error('用法：npm run seed -- --db FILE --residents N --cases M [--seed S] [--until YYYY-MM-DD] [--demo] [--threads 1|2]');
  process.exit(2);
}
const dbPath = resolve(values.db);
const residents = Number(values.residents);
const cases = Number(values.cases);
if (!Number.isInteger(residents) || !Number.isInteger(cases)) {
  console.error('--residents 和 --cases 应为整数');
  process.exit(2);
}
if (values.threads !== '1' && values.threads !== '2') {
  console.error('--threads 应为 1 或 2');
  process.exit(2);
}
console.log(`生成演示数据：${dbPath}${existsSync(dbPath) ? '（已存在的文件须为空库）' : ''}，居民 ${residents}，办件 ${cases}，种子 “${values.seed}”，截至 ${values.until}`);
try {
  const r = seedDatabase({
    dbPath,
    residents,
    cases,
    seed: values.seed,
    until: values.until,
    demo: values.demo,
    threads: values.threads === '1' ? 1 : 2,
    log: values.quiet ? undefined : (line) => console.log(`  ${line}`),
  });
  console.log(`居民 ${r.residents}，户 ${r.households}，办件 ${r.cases}（${Object.entries(r.byStatus).map(([s, n]) => `${s} ${n}`).join('，')}）`);
  console.log(`办件环节记录 ${r.caseEvents}，材料 ${r.materials}，评价 ${r.ratings}，差评回访 ${r.followUps}，享受对象 ${r.beneficiaries}，审计日志 ${r.auditRows} 行（链头 ${r.auditHead.slice(0, 16)}…）`);
  console.log(`用时：居民 ${r.seconds.residents.toFixed(1)} 秒，办件 ${r.seconds.cases.toFixed(1)} 秒，合计 ${r.seconds.total.toFixed(1)} 秒；办件生成速度 ${Math.round(r.casesPerSecond).toLocaleString('en-US')} 件/秒（按本进程 CPU 时间 ${Math.round(r.casesPerCpuSecond).toLocaleString('en-US')} 件/秒；含索引重建）`);
  console.log('账户（演示密码均为 ' + r.password + '）：');
  for (const a of r.accounts) console.log(`  ${a.username.padEnd(12)} ${a.displayName}  ${a.roles.join(',')}${a.windowNo ? `  ${a.windowNo}` : ''}`);
} catch (err) {
  console.error(`生成失败：${(err as Error).message}`);
  process.exit(1);
}
