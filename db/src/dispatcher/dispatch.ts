import { z } from './zod-zh';
import { AppError, type ApiErrorBody, type FieldIssue } from '../errors';
import type { Ctx, HandlerSpec } from './handler';

export type ApiResponse<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export interface DispatchDeps {
  handlers: Record<string, HandlerSpec<z.ZodType, unknown>>;
  ctx(): Omit<Ctx, 'session'>;
}

/**
 * The one entry into the core for every host: validates the input before the handler sees
 * it, checks roles, runs writes in a transaction and turns every failure into a typed
 * error body. Never throws and never returns a stack trace.
 */
export function createDispatcher(deps: DispatchDeps) {
  return async function dispatch(name: string, rawInput: unknown, session: Ctx['session'] = null): Promise<ApiResponse<unknown>> {
    const spec = Object.hasOwn(deps.handlers, name) ? deps.handlers[name] : undefined;
    if (!spec) return { ok: false, error: { code: 'NOT_FOUND', message: `没有名为“${name}”的功能`, details: { handler: name } } };

    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const fields = zodIssues(parsed.error);
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `输入有误：${fields.map((f) => (f.path ? `${f.path}：` : '') + f.message).join('；')}`,
          fields,
        },
      };
    }

    if (!spec.roles.includes('public')) {
      if (!session) return { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } };
      if (!spec.roles.some((r) => session.roles.includes(r as never))) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '您的角色无权使用此功能', details: { handler: name } } };
      }
    }

    const base = deps.ctx();
    const ctx: Ctx = { ...base, session };
    try {
      const result =
        spec.kind === 'write' ? base.db.transaction(() => spec.run(ctx, parsed.data))() : await spec.run(ctx, parsed.data);
      return { ok: true, result: await result };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() };
      if (err instanceof z.ZodError) {
        const fields = zodIssues(err);
        return { ok: false, error: { code: 'VALIDATION', message: '输入有误', fields } };
      }
      base.log.error(`handler ${name} failed`, err);
      return { ok: false, error: { code: 'INTERNAL', message: '系统内部错误，请联系管理员（详情已记入日志）' } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
