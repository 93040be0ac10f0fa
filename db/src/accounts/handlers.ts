import { z } from '../kernel/zod-zh';
import { handler, type PersonRole } from '../kernel/handler';
import { appendAudit } from '../kernel/audit-chain';
import { conflict, forbidden, notFound, validationError, AppError } from '../kernel/errors';
import { shanghaiDate } from '../calendar/dates';
import { assertStaffIdNumberFree, checkedStaffIdNumber, staffIdNumberInput } from './staff-id';
import { DUMMY_HASH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './passwords';
import { freeText, textRule } from '../validation/free-text';
import { LIMITS_SENTENCE, lockedUntilAfter } from './sign-in-limits';
import { countActiveAdmins, countUsers, toAccount, toSession, userById, userByName, type UserRow } from './accounts';

const ANY_ROLE = ['clerk', 'reviewer', 'admin'] as const;

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名应为 2 到 32 位字母、数字、下划线、点或连字符');
const password = z.string().min(MIN_PASSWORD_LENGTH, `密码至少 ${MIN_PASSWORD_LENGTH} 位`).max(128, '密码最多 128 位');
const displayName = freeText('姓名', { min: 1, max: 40 });
const roles = z
  .array(z.enum(['clerk', 'reviewer', 'admin'], { error: '角色只能是 clerk（窗口受理）、reviewer（审核审批）或 admin（管理）' }))
  .min(1, '至少选择一个角色')
  .transform((r) => [...new Set(r)] as PersonRole[]);

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r));

// One sentence for every failed sign-in: it must not tell whether the user name exists.
const LOGIN_FAILED = `用户名或密码错误（${LIMITS_SENTENCE}）`;

export const accountsHandlers = {
  'accounts.setup': handler({
    summary: '首次启动：创建第一个管理员（已有任何账户时拒绝）',
    kind: 'write',
    roles: ['public'],
    input: z.object({ username, password, displayName, staffIdNumber: staffIdNumberInput }).strict(),
    run: (ctx, input) => {
      if (countUsers(ctx.db) > 0) throw conflict('系统已初始化：已有账户，不能再次创建首个管理员');
      const staffId = checkedStaffIdNumber(input.staffIdNumber, shanghaiDate(ctx.now()));
      const id = Number(
        ctx.db
          .prepare('INSERT INTO users (username, display_name, roles, password_hash, staff_id_number) VALUES (@u, @d, @r, @h, @s)')
          .run({ u: input.username, d: input.displayName, r: JSON.stringify(['admin']), h: hashPassword(input.password), s: staffId }).lastInsertRowid,
      );
      const account = toAccount(userById(ctx.db, id)!);
      ctx.audit({ action: 'create', recordType: 'user', recordId: id, after: account });
      return account;
    },
  }),

  'accounts.status': handler({
    summary: '是否已初始化（有无账户），供登录页判断显示首次设置还是登录',
    kind: 'read',
    roles: ['public'],
    input: z.object({}).strict(),
    run: (ctx) => ({ initialized: countUsers(ctx.db) > 0 }),
  }),

  'accounts.login': handler({
    summary: '登录，返回会话令牌',
    kind: 'task',
    roles: ['public'],
    input: z.object({ username: z.string().trim().min(1, '请填写用户名').check(textRule('用户名')), password: z.string().min(1, '请填写密码') }).strict(),
    run: (ctx, input) => {
      const now = ctx.now();
      const row = userByName(ctx.db, input.username);
      const locked = !!row?.locked_until && row.locked_until > now.toISOString();
      // Check a hash even for an unknown name, so timing does not reveal which names exist.
      const passwordOk = verifyPassword(input.password, row?.password_hash ?? DUMMY_HASH);
      const success = !!row && row.active === 1 && !locked && passwordOk;

      ctx.db.transaction(() => {
        // Attempts during a lock are not counted (they are not checked either); the count
        // goes on after it, so each further failure locks for longer.
        if (row && !success && !locked) {
          const failed = row.failed_logins + 1;
          const lockUntil = lockedUntilAfter(failed, now)?.toISOString() ?? null;
          ctx.db
            .prepare('UPDATE users SET failed_logins = @f, locked_until = coalesce(@l, locked_until) WHERE id = @id')
            .run({ f: failed, l: lockUntil, id: row.id });
        }
        if (row && success && (row.failed_logins > 0 || row.locked_until)) {
          ctx.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(row.id);
        }
        appendAudit(ctx.db, success ? { id: row!.id, name: row!.display_name } : null, now, {
          handler: ctx.handler,
          action: success ? 'login' : 'login_failed',
          recordType: 'user',
          recordId: row?.id ?? null,
          detail: success ? null : { username: input.username, reason: !row ? 'unknown' : locked ? 'locked' : row.active ? 'password' : 'inactive' },
        });
      })();

      if (!success) throw new AppError('UNAUTHENTICATED', LOGIN_FAILED);
      const account = toAccount(row!);
      const token = ctx.sessions.create({ ...toSession(account), ...(ctx.device ? { deviceId: ctx.device.id } : {}) }, now);
      // An account made before staff ID numbers must record its holder's first (accounts.setStaffIdNumber).
      return { token, account, needsStaffIdNumber: account.staffIdNumber === null };
    },
  }),

  'accounts.logout': handler({
    summary: '退出登录，结束当前会话',
    kind: 'write',
    roles: ['public'],
    input: z.object({}).strict(),
    run: (ctx) => {
      const ended = ctx.sessions.end(ctx.sessionToken);
      ctx.audit({ action: 'logout', recordType: 'user', recordId: ctx.session?.userId ?? null });
      return { ended };
    },
  }),

  'accounts.me': handler({
    summary: '当前登录的人',
    kind: 'read',
    roles: ANY_ROLE,
    input: z.object({}).strict(),
    run: (ctx) => toAccount(userById(ctx.db, ctx.session!.userId)!),
  }),

  'accounts.create': handler({
    summary: '新建账户（管理员）',
    kind: 'write',
    roles: ['admin'],
    input: z
      .object({ username, password, displayName, staffIdNumber: staffIdNumberInput, roles, windowNo: freeText('窗口号', { max: 20 }).nullish() })
      .strict(),
    run: (ctx, input) => {
      if (userByName(ctx.db, input.username)) throw conflict(`用户名“${input.username}”已被使用`);
      const staffId = checkedStaffIdNumber(input.staffIdNumber, shanghaiDate(ctx.now()));
      assertStaffIdNumberFree(ctx.db, staffId, null);
      const id = Number(
        ctx.db
          .prepare('INSERT INTO users (username, display_name, roles, password_hash, window_no, staff_id_number) VALUES (@u, @d, @r, @h, @w, @s)')
          .run({ u: input.username, d: input.displayName, r: JSON.stringify(input.roles), h: hashPassword(input.password), w: input.windowNo ?? null, s: staffId })
          .lastInsertRowid,
      );
      const account = toAccount(userById(ctx.db, id)!);
      ctx.audit({ action: 'create', recordType: 'user', recordId: id, after: account });
      return account;
    },
  }),

  'accounts.update': handler({
    summary: '修改账户：姓名、角色、窗口、停用/启用、解锁、重设密码（管理员）',
    kind: 'write',
    roles: ['admin'],
    input: z
      .object({
        id: z.number().int().positive(),
        displayName: displayName.optional(),
        roles: roles.optional(),
        windowNo: freeText('窗口号', { max: 20 }).nullish(),
        active: z.boolean().optional(),
        unlock: z.literal(true).optional(),
        resetPassword: password.optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const row = userById(ctx.db, input.id);
      if (!row) throw notFound('账户不存在', { id: input.id });
      const before = toAccount(row);
      // Maker-checker: one person giving themselves the clerk role could accept a case and
      // approve it from a second account. Roles are always changed by someone else.
      if (input.roles && row.id === ctx.session!.userId && !sameRoles(input.roles, before.roles)) {
        throw forbidden('不能修改自己的角色：请由另一位管理员办理', { rule: 'own_roles' });
      }
      if (input.active === true && !before.active && row.staff_id_number !== null) assertStaffIdNumberFree(ctx.db, row.staff_id_number, row.id);
      const losesAdmin = (input.roles && !input.roles.includes('admin')) || input.active === false;
      if (losesAdmin && before.roles.includes('admin') && before.active && countActiveAdmins(ctx.db, row.id) === 0) {
        throw conflict('不能停用或取消最后一个管理员的管理权限');
      }
      ctx.db
        .prepare(
          `UPDATE users SET
             display_name = coalesce(@d, display_name),
             roles = coalesce(@r, roles),
             window_no = CASE WHEN @setWindow THEN @w ELSE window_no END,
             active = coalesce(@a, active),
             failed_logins = CASE WHEN @unlock THEN 0 ELSE failed_logins END,
             locked_until = CASE WHEN @unlock THEN NULL ELSE locked_until END,
             password_hash = coalesce(@h, password_hash),
             password_changed_at = CASE WHEN @h IS NULL THEN password_changed_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = @id`,
        )
        .run({
          id: row.id,
          d: input.displayName ?? null,
          r: input.roles ? JSON.stringify(input.roles) : null,
          setWindow: input.windowNo !== undefined ? 1 : 0,
          w: input.windowNo ?? null,
          a: input.active === undefined ? null : input.active ? 1 : 0,
          unlock: input.unlock ? 1 : 0,
          h: input.resetPassword ? hashPassword(input.resetPassword) : null,
        });
      const after = toAccount(userById(ctx.db, row.id)!);
      // Sessions must see a lost role or a deactivation at once, not at the next sign-in.
      if (!after.active || input.resetPassword) ctx.sessions.endAllFor(row.id);
      else ctx.sessions.updateFor(row.id, toSession(after));
      ctx.audit({
        action: 'update',
        recordType: 'user',
        recordId: row.id,
        before,
        after,
        detail: { passwordReset: !!input.resetPassword, unlocked: !!input.unlock },
      });
      return after;
    },
  }),

  'accounts.changePassword': handler({
    summary: '修改自己的密码',
    kind: 'write',
    roles: ANY_ROLE,
    input: z.object({ currentPassword: z.string().min(1, '请填写当前密码'), newPassword: password }).strict(),
    run: (ctx, input) => {
      const row = userById(ctx.db, ctx.session!.userId)!;
      if (!verifyPassword(input.currentPassword, row.password_hash)) {
        throw validationError([{ path: 'currentPassword', message: '当前密码不正确' }]);
      }
      if (input.currentPassword === input.newPassword) throw validationError([{ path: 'newPassword', message: '新密码不能与当前密码相同' }]);
      ctx.db
        .prepare("UPDATE users SET password_hash = @h, password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = @id")
        .run({ h: hashPassword(input.newPassword), id: row.id });
      ctx.audit({ action: 'change_password', recordType: 'user', recordId: row.id });
      return { changed: true };
    },
  }),

  'accounts.setStaffIdNumber': handler({
    summary: '登记本人身份证号（此前创建、尚无身份证号的账户在登录后先办理此项）',
    kind: 'write',
    roles: ANY_ROLE,
    input: z.object({ staffIdNumber: staffIdNumberInput }).strict(),
    run: (ctx, input) => {
      const row = userById(ctx.db, ctx.session!.userId)!;
      // Once recorded, the number is part of who the account is: it is not changed by its holder.
      if (row.staff_id_number !== null) throw conflict('本账户已登记身份证号，不能自行更改；如有错误请联系管理员');
      const staffId = checkedStaffIdNumber(input.staffIdNumber, shanghaiDate(ctx.now()));
      assertStaffIdNumberFree(ctx.db, staffId, row.id);
      const before = toAccount(row);
      ctx.db.prepare("UPDATE users SET staff_id_number = @s, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = @id").run({ s: staffId, id: row.id });
      const after = toAccount(userById(ctx.db, row.id)!);
      // Every session of the account is set free at once, without the flag.
      ctx.sessions.updateFor(row.id, { needsStaffIdNumber: undefined });
      ctx.audit({ action: 'set_staff_id_number', recordType: 'user', recordId: row.id, before, after });
      return after;
    },
  }),

  'accounts.list': handler({
    summary: '全部账户（管理员）',
    kind: 'read',
    roles: ['admin'],
    input: z.object({ includeInactive: z.boolean().default(true) }).strict(),
    run: (ctx, input) =>
      (ctx.db.prepare(`SELECT * FROM users ${input.includeInactive ? '' : 'WHERE active = 1'} ORDER BY username`).all() as UserRow[]).map(toAccount),
  }),
};
