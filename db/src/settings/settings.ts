import type Database from 'better-sqlite3';
import { prepared } from '../kernel/prepared';
import { z } from '../kernel/zod-zh';
import { openHoursDefault, openHoursSchema } from '../calendar/open-hours';
import { isValidDate } from '../calendar/dates';
import { freeText } from '../validation/free-text';
import { DIBAO_STANDARDS_EXAMPLE, dibaoStandardsSchema } from '../means/standards';

/**
 * Every centre setting with its rule and default. Kept as key → JSON rows so that adding a
 * setting needs no migration; the schema here is what makes the values trustworthy.
 */
export const settingsShape = {
  centreName: freeText('中心名称', { min: 2, max: 60 }),
  // Case numbers start with it, so it must be short and plain.
  centreCode: z.string().trim().regex(/^[0-9A-Z]{4,12}$/, '中心代码应为 4 到 12 位数字或大写字母'),
  centrePhone: freeText('中心电话', { max: 40 }),
  centreAddress: freeText('中心地址', { max: 120 }),
  // Door hours per weekday; a separate calendar from working days (see calendar/open-hours.ts).
  openHours: openHoursSchema,
  // Counter windows clerks can sign in at, printed on receipts (e.g. "3号窗口").
  windows: z.array(freeText('窗口名称', { min: 1, max: 20 })).max(50, '窗口最多 50 个'),
  // 预警: a case is flagged when this many working days or fewer are left.
  warningDays: z.number().int().min(1, '预警天数至少 1 天').max(30, '预警天数最多 30 天'),
  // Sessions end after this many minutes without activity (PIPL: an unattended counter).
  idleMinutes: z.number().int().min(1, '空闲锁定时间至少 1 分钟').max(240, '空闲锁定时间最多 240 分钟'),
  // Export files carry full ID numbers: written only where the administrator says. '' = not
  // set, and then nothing is exported (by hand or by schedule).
  exportDir: freeText('导出文件夹', { max: 500 }).refine((p) => p === '' || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), '导出文件夹应为完整路径（如 D:\\导出 或 /home/中心/导出）'),
  // Daily time (China) of the scheduled exports; '' switches the schedule off.
  exportTime: z
    .string()
    .trim()
    .refine((t) => t === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(t), '导出时间格式应为 HH:mm，例如 07:00'),
  // CSV encoding of scheduled runs and the default of manual ones. GBK is deliberately not
  // offered: it cannot encode rare characters such as 𠮷.
  exportCsvEncoding: z.enum(['utf8', 'gb18030'], { error: 'CSV 编码只能是 UTF-8 或 GB 18030' }),
  // The first day the district expects files for; '' = from the first period ever exported.
  // Every period from there on stays due until a run of it succeeds.
  exportStartDate: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, '导出起始日期格式应为 YYYY-MM-DD，例如 2026-01-01')
    .refine((d) => d === '' || isValidDate(d), '导出起始日期不是有效的日期'),
  // 低保标准 (元/人/月) from a date on: see means/standards.ts.
  dibaoStandards: dibaoStandardsSchema,
  // Set by the demo-data generator (db/src/demo) only: the UI shows a 演示数据 banner.
  demo: z.boolean(),
} as const;

export const settingsSchema = z.object(settingsShape);
export type Settings = z.infer<typeof settingsSchema>;

export const settingsDefaults: Settings = {
  centreName: '示范街道社区事务受理服务中心',
  centreCode: '310101001',
  centrePhone: '',
  centreAddress: '',
  openHours: openHoursDefault,
  windows: ['1号窗口', '2号窗口', '3号窗口', '4号窗口', '5号窗口'],
  warningDays: 3,
  idleMinutes: 15,
  exportDir: '',
  exportTime: '07:00',
  exportCsvEncoding: 'utf8',
  exportStartDate: '',
  dibaoStandards: DIBAO_STANDARDS_EXAMPLE,
  demo: false,
};

export function readSettings(db: Database.Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored: Record<string, unknown> = {};
  for (const row of rows) if (row.key in settingsShape) stored[row.key] = JSON.parse(row.value);
  return { ...settingsDefaults, ...stored } as Settings;
}

/**
 * One setting, for the hot path: the dispatcher asks for the idle time on every signed-in
 * call, and reading and parsing every setting for that cost as much as a search.
 */
export function readSetting<K extends keyof Settings>(db: Database.Database, key: K): Settings[K] {
  const row = prepared<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key);
  return row ? (JSON.parse(row.value) as Settings[K]) : settingsDefaults[key];
}

export function writeSettings(db: Database.Database, patch: Partial<Settings>): void {
  const upsert = db.prepare(
    `INSERT INTO settings (key, value) VALUES (@key, @value)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  );
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) upsert.run({ key, value: JSON.stringify(value) });
  }
}

/**
 * Why `windowNo` is not one of the centre's windows, or null when it is (or when the centre
 * lists none): the intake and a device's window are checked alike.
 */
export function unknownWindow(db: Database.Database, windowNo: string): string | null {
  const windows = readSettings(db).windows;
  return windows.length > 0 && !windows.includes(windowNo) ? `窗口应为：${windows.join('、')}` : null;
}
