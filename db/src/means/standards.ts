/**
 * The 低保标准 (yuan per person per month) is set by the city and changes from a date, so
 * the centre keeps it as a dated list: the standard in force on a day is the latest entry
 * whose `from` is on or before it. Cases are judged by the standard of the day of the
 * decision (precheck: the intake day; approval: the approval day), and an approved amount
 * is not touched when a later standard starts: that is a review (复核) with its own
 * two-person change.
 */
import { z } from '../kernel/zod-zh';
import { isValidDate } from '../calendar/dates';

const yuan = z
  .number({ error: '低保标准金额应为数字（元/人/月）' })
  .positive('低保标准应大于 0 元')
  .max(100000, '低保标准不合理（超过 100000 元）')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '低保标准最多保留两位小数（元、角、分）');

export const dibaoStandardSchema = z
  .object({
    from: z
      .string({ error: '请给出执行日期（YYYY-MM-DD）' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '执行日期格式应为 YYYY-MM-DD，例如 2025-04-01')
      .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isValidDate(d), '执行日期不是有效的日期'),
    amount: yuan,
  })
  .strict();
export type DibaoStandard = z.output<typeof dibaoStandardSchema>;

/** Kept sorted by date; two standards from one day would leave the rule ambiguous. */
export const dibaoStandardsSchema = z
  .array(dibaoStandardSchema)
  .max(200, '低保标准最多 200 条')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.from)) ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `执行日期 ${s.from} 的低保标准重复` });
      seen.add(s.from);
    });
  })
  .transform((list) => [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)));

/**
 * An example to start from, not an official figure: Shanghai raised its standard to 1,550
 * 元/人/月 from 2025-04-01 as far as we know; the centre confirms it under 管理 → 设置.
 */
export const DIBAO_STANDARDS_EXAMPLE: DibaoStandard[] = [{ from: '2025-04-01', amount: 1550 }];

/** The standard in force on `date`, or null when none has started by then. */
export function standardOn(list: readonly DibaoStandard[], date: string): DibaoStandard | null {
  let found: DibaoStandard | null = null;
  for (const s of list) if (s.from <= date && (found === null || s.from >= found.from)) found = s;
  return found;
}
