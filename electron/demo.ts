/**
 * `--demo`: a separate database in the data folder (onewindow-demo.sqlite, see paths.ts),
 * filled with generated demo data on first use. It never touches the real database: the
 * demo file is seeded only when it does not exist yet, into a temporary name that is
 * renamed once complete (an interrupted first start leaves no half-seeded demo behind),
 * and the generator refuses any file that already holds records.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { shanghaiDate } from '../db/src/calendar/dates';
import { DEMO_PASSWORD, seedDatabase, type SeedResult } from '../db/src/demo/generate';

/** A small centre: enough to explore every screen, seeded in a few seconds. */
export const DEMO_SIZE = { residents: 2000, cases: 6000 };

export interface DemoStart {
  seeded: boolean;
  result?: SeedResult;
}

/** Seeds the demo database at `dbPath` unless it exists; the history ends today. */
export function ensureDemoDatabase(
  dbPath: string,
  options: { residents?: number; cases?: number; now?: Date; migrationsDir?: string; log?: (line: string) => void } = {},
): DemoStart {
  if (existsSync(dbPath)) return { seeded: false };
  const temp = `${dbPath}.seeding`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true });
  const result = seedDatabase({
    dbPath: temp,
    residents: options.residents ?? DEMO_SIZE.residents,
    cases: options.cases ?? DEMO_SIZE.cases,
    until: shanghaiDate(options.now ?? new Date()),
    demo: true,
    ...(options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir }),
    log: options.log,
  });
  renameSync(temp, dbPath);
  return { seeded: true, result };
}

/** The console lines a demo start prints: what the data is and how to sign in. */
export function demoNotice(dbPath: string, start: DemoStart): string[] {
  return [
    `演示模式：使用演示数据库 ${dbPath}${start.seeded ? `（已生成演示数据：居民 ${start.result!.residents}，办件 ${start.result!.cases}）` : ''}。其中的居民与办件均为随机生成的演示数据，不是真实记录。`,
    `演示账户：窗口受理员 clerk1 … clerk6，审核人员 reviewer1 … reviewer3，管理员 admin；密码均为 ${DEMO_PASSWORD}`,
  ];
}
