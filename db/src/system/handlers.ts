import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { schemaVersion } from '../database/migrations';

export const systemHandlers = {
  'system.info': handler({
    summary: '程序版本、数据库结构版本、数据库路径与 SQLite 版本',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z.object({}).strict(),
    run: (ctx) => ({
      programVersion: ctx.programVersion,
      schemaVersion: schemaVersion(ctx.db),
      databasePath: ctx.dbPath,
      sqliteVersion: (ctx.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    }),
  }),
};
