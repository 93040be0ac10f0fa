import { existsSync } from 'node:fs';
import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { appendAudit } from '../kernel/audit-chain';
import { schemaVersion } from '../database/migrations';
import { notFound } from '../kernel/errors';
import { createBackup, listBackups, readBackupMetadata, recordBackupCheck } from './backups';
import { runJob } from '../jobs/run-job';
import { backupPathFor } from './files';
import { recordBackup, type Actor } from './audit';
import { freeText } from '../validation/free-text';
import { anchorAuditHead } from '../audit/anchor';

const fileInput = z.string({ error: '请给出备份文件名' }).trim().min(1, '请给出备份文件名').max(200, '文件名过长');

const actorOf = (ctx: Ctx): Actor => (ctx.session ? { id: ctx.session.userId, name: ctx.session.displayName } : null);

/** The path of an existing backup named in the input; VALIDATION for paths, NOT_FOUND for unknown names. */
function existingBackup(ctx: Ctx, file: string): string {
  const path = backupPathFor(ctx.database.backupsDir, file);
  if (!existsSync(path)) throw notFound(`备份文件“${file}”不存在`, { file });
  return path;
}

export const backupsHandlers = {
  'backups.create': handler({
    summary: '立即备份数据库（手动备份，不会被自动删除）',
    kind: 'task',
    roles: ['admin'],
    input: z.object({ note: freeText('备份备注', { max: 200 }).optional() }).strict(),
    run: async (ctx, input) => {
      const info = await createBackup(ctx.db, ctx.database.backupsDir, 'manual', ctx.now(), input.note || null);
      recordBackup(ctx.db, actorOf(ctx), ctx.now(), ctx.handler, info);
      anchorAuditHead(ctx.db, ctx.database.path, ctx.now(), { log: ctx.log });
      return info;
    },
  }),

  'backups.list': handler({
    summary: '全部备份，最新的在前（种类、大小、时间、数据库版本、备注、最近一次检查的结果）',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => listBackups(ctx.database.backupsDir),
  }),

  'backups.verify': handler({
    summary: '检查一个备份：只读打开并做完整性检查（quick_check），读出数据库版本；结果记在备份旁，备份列表显示',
    kind: 'read',
    roles: ['admin'],
    input: z.object({ file: fileInput }).strict(),
    run: async (ctx, input) => {
      const report = await runJob(
        'backups.verify',
        { path: existingBackup(ctx, input.file), file: input.file, programSchemaVersion: ctx.database.programSchemaVersion },
        { owner: ctx.database.path },
      );
      recordBackupCheck(ctx.database.backupsDir, report, ctx.clock());
      return report;
    },
  }),

  'backups.restore': handler({
    summary: '从备份恢复：先另存当前数据库（恢复前备份），再换成所选备份；所有人需重新登录',
    kind: 'task',
    // Nothing else may hold the connection that is about to be closed.
    exclusive: true,
    roles: ['admin'],
    input: z.object({ file: fileInput }).strict(),
    run: async (ctx, input) => {
      const path = existingBackup(ctx, input.file);
      // The copy's quick_check, schema and whole audit chain: seconds, so on a worker.
      const report = await runJob(
        'backups.restoreCheck',
        {
          path,
          file: input.file,
          programSchemaVersion: ctx.database.programSchemaVersion,
          migrations: ctx.database.migrations,
          head: readBackupMetadata(ctx.database.backupsDir, input.file).auditHead,
        },
        { owner: ctx.database.path },
      );

      const now = ctx.now();
      const session = ctx.session!;
      const by = { username: session.username, displayName: session.displayName };
      // Recorded before the pre-restore copy is taken, so that copy says why it exists.
      ctx.db.transaction(() => {
        appendAudit(ctx.db, actorOf(ctx), now, { handler: ctx.handler, action: 'restore_requested', recordType: 'backup', recordId: input.file });
      })();
      const kept = await createBackup(ctx.db, ctx.database.backupsDir, 'pre-restore', now);
      const fromVersion = report.schemaVersion;

      const db = ctx.database.replace(path);

      const toVersion = schemaVersion(db);
      // The person is written by name: the same user id may belong to someone else, or to
      // nobody, in the restored users table.
      const same = db.prepare('SELECT 1 FROM users WHERE id = ? AND username = ?').get(session.userId, session.username);
      db.transaction(() => {
        appendAudit(db, same ? actorOf(ctx) : null, now, {
          handler: ctx.handler,
          action: 'restore',
          recordType: 'backup',
          recordId: input.file,
          detail: { restoredFrom: input.file, preRestoreBackup: kept.file, preRestoreSize: kept.size, fromVersion, toVersion, by },
        });
      })();
      // The restored chain is another one: its head is the anchor from now on.
      anchorAuditHead(db, ctx.database.path, now, { reset: true, log: ctx.log });
      return { restoredFrom: input.file, preRestoreBackup: kept.file, schemaVersion: toVersion, migrated: fromVersion !== toVersion, signedOut: true };
    },
  }),
};
