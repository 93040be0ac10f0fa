import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { takeDailyBackup } from '../backups/daily';
import { exportDuePeriods } from '../exports/schedule';

/**
 * The core's own periodic work, as handlers so that it goes through the one dispatcher
 * (task gate, typed errors, logging) and is audited as the system: only the services'
 * dispatcher may call them (role 'system'), never a person.
 */
export const servicesHandlers = {
  'backups.daily': handler({
    summary: '系统计划任务：当天（北京时间）尚无每日备份时备份一次，并按保留规则轮换',
    kind: 'task',
    roles: ['system'],
    input: z.object({}).strict(),
    run: (ctx) => takeDailyBackup(ctx.db, ctx.database, ctx.now()),
  }),
  'exports.scheduled': handler({
    summary: '系统计划任务：按每日导出时间导出所有到期的期间（已导出的不再导出）',
    kind: 'task',
    roles: ['system'],
    input: z.object({}).strict(),
    run: (ctx) => exportDuePeriods({ db: ctx.db, dbPath: ctx.dbPath }, ctx.now()),
  }),
};
