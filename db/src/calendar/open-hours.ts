import { z } from '../kernel/zod-zh';

/**
 * When the centre's doors are open, per weekday. This is a separate calendar from working
 * days: Saturday mornings are open for residents but are not legal working days, so they
 * never count toward a deadline. Kept free of database code because settings.ts imports it.
 */
export const OPEN_HOURS = ['full', 'morning', 'closed'] as const;
export type OpenHours = (typeof OPEN_HOURS)[number];

const hours = z.enum(OPEN_HOURS, { error: '开放时段应为 full（全天）、morning（上午）或 closed（不开放）' });

export const openHoursSchema = z
  .object({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours })
  .strict();
export type WeeklyOpenHours = z.infer<typeof openHoursSchema>;

export const openHoursDefault: WeeklyOpenHours = {
  mon: 'full',
  tue: 'full',
  wed: 'full',
  thu: 'full',
  fri: 'full',
  sat: 'morning',
  sun: 'closed',
};

/** Keys of WeeklyOpenHours by Date#getDay order (0 = Sunday). */
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const satisfies readonly (keyof WeeklyOpenHours)[];
