import type Database from 'better-sqlite3';
import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { AppError } from '../kernel/errors';
import { freeText, textRule } from '../validation/free-text';
import { dateSchema, shanghaiDate } from './dates';
import { NAME_MAX, parseCalendarCsv } from './import';
import { centreHours } from './open-days';
import { replanDueDates } from '../cases/replan';
import { markYearsOfficial, officialYears, provisionalWarning, yearIsProvisional, yearStatus } from './official-years';
import { importEntries, listYearDays, removeDay, upsertDay, yearsWithData } from './store';
import { WorkingCalendar } from './working-days';

// Deadlines are tens of working days; a bound keeps a typo from walking for years.
const MAX_DAYS = 1000;
const yearSchema = z.number().int('年份应为整数').min(2000, '年份应在 2000–2099 之间').max(2099, '年份应在 2000–2099 之间');

function describeDay(db: Database.Database, date: string) {
  const calendar = new WorkingCalendar(db);
  return { ...calendar.dayInfo(date), centreHours: centreHours(db, date, calendar) };
}

export const calendarHandlers = {
  'calendar.isWorkingDay': handler({
    summary: '某日是否工作日（法定节假日、调休上班日与周末规则），以及中心当日开放时段；不给日期即今天',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z.object({ date: dateSchema.optional() }).strict(),
    run: (ctx, input) => describeDay(ctx.db, input.date ?? shanghaiDate(ctx.now())),
  }),
  'calendar.addWorkingDays': handler({
    summary: '从某日起算第 N 个工作日（当日不计，如受理日 + 时限 = 到期日）',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({
        date: dateSchema,
        days: z.number().int('天数应为整数').min(-MAX_DAYS, `天数应在 ±${MAX_DAYS} 以内`).max(MAX_DAYS, `天数应在 ±${MAX_DAYS} 以内`),
      })
      .strict(),
    run: (ctx, input) => ({ date: new WorkingCalendar(ctx.db).addWorkingDays(input.date, input.days) }),
  }),
  'calendar.workingDaysBetween': handler({
    summary: '两日之间的工作日数（不含起日、含止日；止日在前为负数）',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z.object({ from: dateSchema, to: dateSchema }).strict(),
    run: (ctx, input) => ({ days: new WorkingCalendar(ctx.db).workingDaysBetween(input.from, input.to) }),
  }),
  'calendar.setDay': handler({
    summary: '管理员调整某日：holiday 休息、workday 上班、default 恢复按星期规则',
    kind: 'write',
    roles: ['admin'],
    input: z
      .object({
        date: dateSchema,
        kind: z.enum(['holiday', 'workday', 'default'], { error: '类型应为 holiday、workday 或 default' }),
        name: freeText('节假日名称', { max: NAME_MAX }).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const before = new WorkingCalendar(ctx.db).exception(input.date) ?? null;
      if (input.kind === 'default') removeDay(ctx.db, input.date);
      else upsertDay(ctx.db, { date: input.date, kind: input.kind, name: input.name || null, source: 'admin' });
      const after = new WorkingCalendar(ctx.db).exception(input.date) ?? null;
      ctx.audit({ action: input.kind === 'default' ? 'reset' : 'set', recordType: 'calendar_day', recordId: input.date, before, after });
      return describeDay(ctx.db, input.date);
    },
  }),
  'calendar.import': handler({
    summary: '导入节假日文件（CSV：日期,holiday|workday,名称），有任何一行出错则整个文件不导入',
    kind: 'write',
    roles: ['admin'],
    input: z
      .object({
        content: z.string().max(1_000_000, '文件过大（超过 100 万个字符）').check(textRule('日历文件', { multiline: true })),
        format: z.enum(['csv'], { error: '目前只支持 csv 格式' }).default('csv'),
        // true: the file replaces every exception of the years it contains
        replace: z.boolean().default(false),
      })
      .strict(),
    run: (ctx, input) => {
      const { entries, problems } = parseCalendarCsv(input.content);
      if (problems.length > 0) {
        const lines = problems.map((p) => /^第 (\d+) 行/.exec(p.message)?.[1]).filter((l) => l !== undefined).map(Number);
        throw new AppError('VALIDATION', `日历文件有误，未导入任何日期：${problems.map((p) => p.message).join('；')}`, {
          fields: problems,
          details: { lines },
        });
      }
      const result = importEntries(ctx.db, entries, input.replace);
      // An imported file is the year's notice: its computed provisional days give way.
      markYearsOfficial(ctx.db, result.years);
      // The parsed days, not the raw file: the log stays small and states what changed.
      ctx.audit({
        action: 'import',
        recordType: 'calendar_day',
        detail: { years: result.years, replace: input.replace },
        after: entries.map(({ date, kind, name }) => ({ date, kind, name })),
      });
      const replanned = replanDueDates(ctx, result.years);
      return { ...result, replanned };
    },
  }),
  'calendar.list': handler({
    summary: '某年的节假日与调休上班日（管理员日历页面用；未导入国务院通知的年份含按法定节日推算的临时安排），以及各年份是正式还是临时安排',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z.object({ year: yearSchema }).strict(),
    run: (ctx, input) => {
      const official = officialYears(ctx.db);
      const provisional = yearIsProvisional(official, input.year);
      const current = Number(shanghaiDate(ctx.now()).slice(0, 4));
      const shown = [...new Set([...official, current, current + 1, input.year])].sort((a, b) => a - b);
      return {
        year: input.year,
        days: listYearDays(ctx.db, input.year),
        yearsWithData: yearsWithData(ctx.db),
        provisional,
        warning: provisional ? provisionalWarning(input.year) : null,
        // official and provisional years around today, for the year picker and its warnings
        years: shown.map((year) => ({ year, status: yearStatus(official, year) })),
      };
    },
  }),
};
