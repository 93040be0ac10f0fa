import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { validationError } from '../kernel/errors';
import { readSettings, settingsSchema, writeSettings } from './settings';

export const settingsHandlers = {
  'settings.get': handler({
    summary: '读取中心设置',
    kind: 'read',
    roles: ['public'],
    input: z.object({}).strict(),
    run: (ctx) => readSettings(ctx.db),
  }),
  'settings.update': handler({
    summary: '修改中心设置（只改给出的项）',
    kind: 'write',
    roles: ['admin'],
    // `demo` is not an administrator's setting: the banner says what the file is, and only
    // the generator that made the demo data writes it.
    input: settingsSchema.omit({ demo: true }).partial().strict(),
    run: (ctx, patch) => {
      if (Object.keys(patch).length === 0) throw validationError([{ path: '', message: '没有要修改的设置项' }]);
      const before = readSettings(ctx.db);
      writeSettings(ctx.db, patch);
      const after = readSettings(ctx.db);
      const changed = Object.keys(patch) as (keyof typeof after)[];
      ctx.audit({
        action: 'update',
        recordType: 'settings',
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
      return after;
    },
  }),
};
