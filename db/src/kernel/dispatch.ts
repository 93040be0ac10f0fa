import { z } from './zod-zh';
import { AppError, type ApiErrorBody, type FieldIssue } from './errors';
import { appendAudit } from './audit-chain';
import { checkRequestKey, pruneAnswers, storeAnswer, storedAnswer, type Asker } from './answered-requests';
import type { SessionStore } from './sessions';
import type { CallOrigin, Ctx, DatabaseFile, DeviceIdentity, HandlerSpec, Logger, Session } from './handler';

export type ApiResponse<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export interface DispatchDeps {
  handlers: Record<string, HandlerSpec<z.ZodType, unknown>>;
  /** the open connection; a function because a restore swaps it */
  db(): Ctx['db'];
  dbPath: string;
  programVersion: string;
  sessions: SessionStore;
  now(): Date;
  log: Logger;
  /** minutes of inactivity after which a session ends (a setting, read per call) */
  idleMinutes(): number;
  /** the file, its backups and the restore swap (backups/database-file.ts makes one) */
  database: DatabaseFile;
  /** shared with host timers (daily backups) so that a restore never runs beside them */
  tasks?: TaskGate;
  /**
   * 'recovery' while the database cannot be opened: then only recovery.* handlers answer,
   * and they answer only then. Without it the dispatcher is always 'ready'.
   */
  mode?(): 'ready' | 'recovery';
  /**
   * The dispatcher of the core's own services: every call is the system's (no session, audit
   * rows without a person), and only handlers with the 'system' role answer. A dispatcher
   * without it refuses those handlers to everyone, since no person holds that role.
   */
  system?: boolean;
  /** given to handlers as ctx.recovery while in recovery mode */
  recovery?(): import('./handler').RecoveryPort | undefined;
  /**
   * Told after a write or task committed its changes: the handler and the records its audit
   * rows named (type and id, no content). The centre server pushes these to its devices so
   * that another window's screen refreshes what changed.
   */
  onChange?(event: ChangeEvent): void;
  /** given to handlers as ctx.centre when the core serves a centre's network */
  centre?: import('./handler').CentreIdentity;
}

const PRUNE_EVERY_MS = 60 * 60_000;

const isRecoveryHandler = (name: string) => name.startsWith('recovery.');

/** What changed, as other screens need to know it: never a record's content. */
export interface ChangeEvent {
  handler: string;
  at: string;
  records: { type: string; id: string | null }[];
}

/**
 * Counts running task handlers, so that an exclusive one (a restore, which closes the
 * connection) never runs while another task is still using it, and nothing starts
 * writing while it runs.
 */
export class TaskGate {
  private running = 0;
  private exclusiveRunning = false;

  get exclusive(): boolean {
    return this.exclusiveRunning;
  }

  /** false when the task may not start now */
  tryEnter(exclusive = false): boolean {
    if (this.exclusiveRunning || (exclusive && this.running > 0)) return false;
    this.running++;
    this.exclusiveRunning = exclusive;
    return true;
  }

  leave(): void {
    this.running--;
    if (this.running === 0) this.exclusiveRunning = false;
  }
}

/** the one handler an account without a staff ID number may use (besides public ones) */
const SET_STAFF_ID_NUMBER = 'accounts.setStaffIdNumber';

const fail = (error: ApiErrorBody): ApiResponse<never> => ({ ok: false, error });

/**
 * The one entry into the core for every host: resolves the session and checks roles,
 * validates the input before the handler sees it, runs writes in a transaction together with
 * their audit rows, and turns every failure into a typed error body. Never throws, never
 * returns a stack trace.
 */
export function createDispatcher(deps: DispatchDeps) {
  const tasks = deps.tasks ?? new TaskGate();
  const database = deps.database;
  // answered requests older than a day are deleted with the first keyed write of each hour
  let lastPrune = 0;
  async function dispatch(name: string, rawInput: unknown, sessionToken: string | null = null, origin: CallOrigin = {}): Promise<ApiResponse<unknown>> {
    const spec = Object.hasOwn(deps.handlers, name) ? deps.handlers[name] : undefined;
    if (!spec) return fail({ code: 'NOT_FOUND', message: `没有名为“${name}”的功能`, details: { handler: name } });
    const mode = deps.mode?.() ?? 'ready';
    if (mode === 'recovery' && !isRecoveryHandler(name)) {
      return fail({ code: 'RECOVERY_MODE', message: '数据库无法打开，程序处于恢复模式：只能查看状态或从备份恢复', details: { recovery: true, handler: name } });
    }
    if (mode === 'ready' && isRecoveryHandler(name)) {
      return fail({ code: 'NOT_IN_RECOVERY', message: '数据库工作正常，不在恢复模式：请在“备份”页面恢复备份', details: { handler: name } });
    }

    // Who calls is checked first, so that an unknown caller learns nothing, not even the
    // shape of the input.
    const now = deps.now();
    const device = origin.device ?? null;
    if (device?.kind === 'kiosk' && !spec.kiosk) {
      return fail({ code: 'FORBIDDEN', message: '自助查询机只能查询办理进度', details: { handler: name, reason: 'kiosk' } });
    }
    let session: Session | null = null;
    let expired = false;
    let otherDevice = false;
    if (sessionToken && device?.kind !== 'kiosk') {
      const resolved = deps.sessions.resolve(sessionToken, now, deps.idleMinutes());
      if (resolved && 'session' in resolved) session = resolved.session;
      else if (resolved) expired = true;
      // A session taken to another computer (a copied token) is no session there.
      if (session && (session.deviceId ?? null) !== (device?.id ?? null)) {
        session = null;
        otherDevice = true;
      }
    }
    if (deps.system) {
      if (!spec.roles.includes('system')) {
        return fail({ code: 'FORBIDDEN', message: `系统计划任务不能调用“${name}”`, details: { handler: name, requires: spec.roles } });
      }
    } else if (!spec.roles.includes('public')) {
      if (!session) {
        return fail(
          expired
            ? { code: 'UNAUTHENTICATED', message: '长时间未操作，已自动退出，请重新登录', details: { reason: 'idle' } }
            : otherDevice
              ? { code: 'UNAUTHENTICATED', message: '此登录是在另一台设备上进行的，请在本设备上重新登录', details: { reason: 'other_device' } }
              : { code: 'UNAUTHENTICATED', message: '请先登录' },
        );
      }
      if (!spec.roles.some((r) => session.roles.includes(r as never))) {
        return fail({
          code: 'FORBIDDEN',
          message: `您的角色无权使用此功能（需要：${spec.roles.map(roleName).join('或')}）`,
          details: { handler: name, requires: spec.roles },
        });
      }
      // An account without its holder's ID number could be a second identity of someone:
      // until the number is recorded it does nothing else.
      if (session.needsStaffIdNumber && name !== SET_STAFF_ID_NUMBER) {
        return fail({
          code: 'FORBIDDEN',
          message: '请先登记本人身份证号：登记之前，本账户只能登记身份证号或退出登录',
          details: { handler: name, reason: 'needs_staff_id_number' },
        });
      }
    }

    // Input is validated before the task gate is entered: a refused call must leave
    // nothing behind, not even a held gate that blocks every later task or write.
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const fields = zodIssues(parsed.error);
      return fail({
        code: 'VALIDATION',
        message: `输入有误：${fields.map((f) => (f.path ? `${f.path}：` : '') + f.message).join('；')}`,
        fields,
      });
    }

    // Only a write can be doubled by a retry: reads and tasks ignore the key, and so does a
    // write whose answer is a secret (its retry makes a new one).
    const requestKey = spec.kind === 'write' && !spec.secretAnswer ? origin.requestKey : undefined;
    if (requestKey !== undefined) {
      const invalid = checkRequestKey(requestKey);
      if (invalid) return fail(invalid.toBody());
    }

    if (spec.kind !== 'read' && tasks.exclusive) {
      return fail({ code: 'CONFLICT', message: '正在恢复备份，请稍候再试', details: { reason: 'exclusive_task' } });
    }
    if (spec.kind === 'task' && !tasks.tryEnter(spec.exclusive)) {
      return fail({ code: 'CONFLICT', message: '有其他任务正在进行，请稍候再试', details: { reason: 'busy' } });
    }
    // From here on every path, thrown or returned, goes through the finally below.
    try {
      return await runEntered(spec, name, parsed.data, session, sessionToken, now, device, requestKey);
    } catch (err) {
      deps.log.error(`handler ${name} failed before it ran`, err);
      return fail({ code: 'INTERNAL', message: '系统内部错误，请联系管理员（详情已记入日志）' });
    } finally {
      if (spec.kind === 'task') tasks.leave();
    }
  }

  async function runEntered(
    spec: HandlerSpec<z.ZodType, unknown>,
    name: string,
    input: unknown,
    session: Session | null,
    sessionToken: string | null,
    now: Date,
    device: DeviceIdentity | null,
    requestKey: string | undefined,
  ): Promise<ApiResponse<unknown>> {
    let audited = 0;
    const records = new Map<string, ChangeEvent['records'][number]>();
    const db = deps.db();
    const recovery = deps.recovery?.();
    const ctx: Ctx = {
      ...(recovery ? { recovery } : {}),
      ...(deps.centre ? { centre: deps.centre } : {}),
      ...(device ? { device } : {}),
      db,
      dbPath: deps.dbPath,
      programVersion: deps.programVersion,
      session,
      sessionToken,
      sessions: deps.sessions,
      handler: name,
      now: () => now,
      clock: deps.now,
      log: deps.log,
      database,
      audit: (entry) => {
        audited++;
        if (entry.recordType) {
          const id = entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId);
          records.set(`${entry.recordType}:${id}`, { type: entry.recordType, id });
        }
        appendAudit(db, session ? { id: session.userId, name: session.displayName } : null, now, { ...entry, handler: name });
      },
    };
    try {
      let result: unknown;
      if (spec.kind === 'write') {
        const asker: Asker = { deviceId: device?.id ?? null, userId: session?.userId ?? null };
        result = db.transaction(() => {
          // A retry of a call already answered: the stored answer, nothing run, nothing
          // audited (nothing changes), no change event. Looked up inside the transaction so
          // that the key and the write it answers are one.
          if (requestKey !== undefined) {
            const stored = storedAnswer(db, requestKey, name, asker);
            if (stored) return stored.result;
          }
          const value = spec.run(ctx, input);
          // No change without its trace: a write handler that forgot its audit row fails
          // and rolls back rather than changing records silently.
          if (audited === 0) throw new Error(`write handler ${name} recorded no audit row`);
          if (requestKey !== undefined) {
            storeAnswer(db, requestKey, name, asker, value, now);
            // Old answers go with a later write, at most once an hour: no timer needed.
            if (now.getTime() - lastPrune >= PRUNE_EVERY_MS) {
              pruneAnswers(db, now);
              lastPrune = now.getTime();
            }
          }
          return value;
          // IMMEDIATE: the write lock is taken before the handler reads, waiting for another
          // process (the CLI beside a running server) as busy_timeout allows. A deferred
          // transaction that read first fails at once with SQLITE_BUSY when the other
          // process committed in between: its snapshot cannot become a write.
        }).immediate();
      } else {
        result = await spec.run(ctx, input);
      }
      if (spec.kind !== 'read' && audited > 0 && deps.onChange) {
        try {
          deps.onChange({ handler: name, at: deps.now().toISOString(), records: [...records.values()] });
        } catch (err) {
          // a listener's failure is not the caller's: the change is committed
          deps.log.error(`change listener failed after ${name}`, err);
        }
      }
      return { ok: true, result };
    } catch (err) {
      if (err instanceof AppError) return fail(err.toBody());
      if (err instanceof z.ZodError) return fail({ code: 'VALIDATION', message: '输入有误', fields: zodIssues(err) });
      // Another connection kept the write lock past the busy timeout (a bulk resident import
      // applies in one transaction): the caller can simply try again, nothing was written.
      if ((err as { code?: unknown })?.code === 'SQLITE_BUSY') {
        return fail({ code: 'CONFLICT', message: '数据库正忙（可能正在批量导入居民），本次未保存，请稍候再试', details: { reason: 'database_busy', handler: name } });
      }
      deps.log.error(`handler ${name} failed`, err);
      return fail({ code: 'INTERNAL', message: '系统内部错误，请联系管理员（详情已记入日志）' });
    }
  }

  return dispatch;
}

const ROLE_NAMES: Record<string, string> = { clerk: '窗口受理员', reviewer: '审核审批人员', admin: '管理员', public: '任何人', system: '系统计划任务' };
export const roleName = (role: string) => ROLE_NAMES[role] ?? role;

export type Dispatch = ReturnType<typeof createDispatcher>;
