import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import type { TypedRecoveryPort } from './recovery';

/** The dispatcher lets these run only in recovery mode, where the app sets ctx.recovery. */
function port(ctx: Ctx): TypedRecoveryPort {
  if (!ctx.recovery) throw new Error('recovery handler called outside recovery mode');
  // The app hands the kernel the port recoveryPort() made (db/src/app.ts), typed there.
  return ctx.recovery as TypedRecoveryPort;
}

/**
 * The recovery screen's two calls, answered only while the database cannot be opened
 * (damaged, from a newer program, unreadable). Public: nobody can sign in to a database
 * that does not open; restore checks an administrator's password in the chosen backup.
 */
export const recoveryHandlers = {
  'recovery.status': handler({
    summary: '恢复模式：数据库无法打开的原因与可用的备份',
    kind: 'read',
    roles: ['public'],
    input: z.object({}).strict(),
    run: (ctx) => port(ctx).status(),
  }),
  'recovery.restore': handler({
    summary: '恢复模式：由所选备份中的启用管理员核对身份后，从该备份恢复（原文件另存，不删除）',
    kind: 'task',
    exclusive: true,
    roles: ['public'],
    input: z
      .object({
        file: z.string().trim().min(1, '请选择备份文件'),
        username: z.string().trim().min(1, '请填写用户名'),
        password: z.string().min(1, '请填写密码'),
      })
      .strict(),
    run: (ctx, input) => port(ctx).restore(input, ctx.now()),
  }),
};
