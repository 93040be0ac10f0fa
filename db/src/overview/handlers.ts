/**
 * 中心概览 (overview.get): for the centre's head and the reviewers (roles reviewer and
 * admin). `day` defaults to today; an earlier day shows that day's intakes, months and
 * charts, while the open cases are always as they stand now, measured against that day.
 */
import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { dateSchema, shanghaiDate } from '../calendar/dates';
import { workingCalendar } from '../calendar/working-days';
import { validationError } from '../kernel/errors';
import { readSettings } from '../settings/settings';
import { overviewOf } from './overview';

export const overviewHandlers = {
  'overview.get': handler({
    summary: '中心概览：当日收件（按窗口、按受理决定）、在办/即将到期/逾期/公示中、本月与上月（按事项类别，同月报）、满意率与差评回访、本月发放名册，以及近 30 天图表',
    kind: 'read',
    roles: ['reviewer', 'admin'],
    input: z.object({ day: dateSchema.optional() }).strict(),
    run: (ctx, input) => {
      const today = shanghaiDate(ctx.now());
      const day = input.day ?? today;
      if (day > today) throw validationError([{ path: 'day', message: `日期不能晚于今天（${today}）` }]);
      const { warningDays, windows } = readSettings(ctx.db);
      return overviewOf(ctx.db, workingCalendar(ctx.db), day, { warningDays, windows });
    },
  }),
};
