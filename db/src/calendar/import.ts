import type { FieldIssue } from '../kernel/errors';
import { isValidDate } from './dates';
import type { ExceptionKind } from './working-days';

/**
 * The calendar file format (docs/calendar-import.md is the reference for administrators):
 *
 *   # 2027 年节假日（国务院办公厅通知）
 *   date,kind,name
 *   2027-01-01,holiday,元旦
 *   2027-02-07,workday,春节调休上班
 *
 * One day per line: date (YYYY-MM-DD), kind (holiday / 休, workday / 班), optional name.
 * Blank lines and lines starting with # are ignored; a first line `date,kind,name` (or
 * `日期,类型,名称`) is a header. Fields may be double-quoted as Excel writes them.
 */

export interface ImportEntry {
  line: number;
  date: string;
  kind: ExceptionKind;
  name: string | null;
}

export interface ParsedCalendar {
  entries: ImportEntry[];
  /** one per bad line, each naming its line number; empty means the file is good */
  problems: FieldIssue[];
}

const KINDS: Record<string, ExceptionKind> = { holiday: 'holiday', 休: 'holiday', workday: 'workday', 班: 'workday' };
const HEADER_FIRST = new Set(['date', '日期']);
export const NAME_MAX = 40;
// A typo such as 2207 for 2027 would otherwise land silently in a year nobody looks at.
const YEAR_MIN = 2000;
const YEAR_MAX = 2099;
// More problems than this are the wrong file, not a few typos; listing them all helps nobody.
const MAX_PROBLEMS = 20;

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    while (line[i] === ' ' || line[i] === '\t') i += 1;
    if (line[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += line[i];
        i += 1;
      }
      while (line[i] === ' ' || line[i] === '\t') i += 1;
      if (i < line.length && line[i] !== ',') return null;
    } else {
      const next = line.indexOf(',', i);
      field = line.slice(i, next === -1 ? line.length : next);
      i = next === -1 ? line.length : next;
    }
    fields.push(field.trim());
    if (i >= line.length) return fields;
    i += 1; // the comma
  }
}

export function parseCalendarCsv(content: string): ParsedCalendar {
  const entries: ImportEntry[] = [];
  const problems: FieldIssue[] = [];
  const seen = new Map<string, number>();
  // Excel on Chinese Windows saves "CSV UTF-8" with a byte order mark.
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let sawData = false;

  const problem = (line: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path: 'content', message: `第 ${line} 行：${message}` });
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const fields = splitCsvLine(text);
    if (!fields) return problem(line, '引号未闭合或引号后有多余字符');
    if (!sawData && HEADER_FIRST.has(fields[0]!.toLowerCase())) {
      sawData = true;
      return;
    }
    sawData = true;
    if (fields.length < 2 || fields.length > 3) {
      return problem(line, `应有 2 或 3 列（日期,类型,名称），实有 ${fields.length} 列${fields.length > 3 ? '（名称含逗号时请加双引号）' : ''}`);
    }
    const [date, kindText, nameText] = fields as [string, string, string | undefined];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return problem(line, `日期“${date}”格式不对，应为 YYYY-MM-DD，例如 2027-02-06`);
    if (!isValidDate(date)) return problem(line, `日期“${date}”不存在`);
    const year = Number(date.slice(0, 4));
    if (year < YEAR_MIN || year > YEAR_MAX) return problem(line, `日期“${date}”的年份超出 ${YEAR_MIN}–${YEAR_MAX}`);
    const kind = KINDS[kindText.toLowerCase()];
    if (!kind) return problem(line, `类型“${kindText}”无法识别，应为 holiday（休）或 workday（班）`);
    const name = nameText ? nameText : null;
    if (name && [...name].length > NAME_MAX) return problem(line, `名称超过 ${NAME_MAX} 个字`);
    const earlier = seen.get(date);
    if (earlier !== undefined) return problem(line, `日期 ${date} 与第 ${earlier} 行重复`);
    seen.set(date, line);
    entries.push({ line, date, kind, name });
  });

  if (problems.length === 0 && entries.length === 0) {
    problems.push({ path: 'content', message: '文件中没有日期行' });
  }
  return { entries, problems };
}
