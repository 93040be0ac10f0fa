/**
 * The one rule for text a person types freely: names, addresses, bank names, reasons,
 * opinions, notes, catalogue texts, settings, calendar names. What cannot be stored
 * faithfully, or would show something other than what is stored, is refused with a
 * message naming the field instead of being kept:
 *
 * - C0 and C1 control characters and DEL: invisible on screen and on paper, and NUL cuts
 *   the text short in the tools the district reads our exports with. Tab and line breaks
 *   are allowed only where the field may hold several lines (`multiline`).
 * - Bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): they make a
 *   text display in another order than it is stored, so a printed receipt or an audit
 *   entry could read differently from the record.
 * - Lone surrogates: not text at all. SQLite stores them as U+FFFD, so what comes back
 *   would differ from what was sent without anyone being told.
 *
 * Characters outside the Basic Multilingual Plane (𠮷 U+20BB7 …) are ordinary text and
 * are kept; lengths count characters, not UTF-16 code units, so 𠮷 is one.
 */
import { z } from '../kernel/zod-zh';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
// Checked apart from CONTROL so that a single-line field can say what is wrong.
const TAB = /\t/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

export interface TextRule {
  /** the field as the clerk knows it, e.g. 居住地址 */
  label: string;
  /** true where line breaks and tabs are legitimate (opinions, notes, descriptions) */
  multiline: boolean;
}

/** `line` (from 1) is given for a text of several lines, where the place is worth saying. */
export const badTextMessage = (label: string, line?: number) =>
  `${label}${line === undefined ? '' : `第 ${line} 行`}含有不可见的控制字符或无效文字，请删除后重试`;
export const lineBreakMessage = (label: string) => `${label}只能填写一行，请删除换行后重试`;

/** The message for a text the rule refuses, or null when it may be kept. */
export function textIssue(text: string, rule: TextRule): string | null {
  const bad = CONTROL.exec(text);
  if (bad) {
    // Lines counted as the calendar import counts them, so both name the same line.
    const several = rule.multiline && /[\r\n]/.test(text);
    const line = several ? (text.slice(0, bad.index).match(/\r\n|\n|\r/g)?.length ?? 0) + 1 : undefined;
    return badTextMessage(rule.label, line);
  }
  if (!rule.multiline && TAB.test(text)) return badTextMessage(rule.label);
  if (!rule.multiline && LINE_BREAK.test(text)) return lineBreakMessage(rule.label);
  return null;
}

const rules = new WeakMap<object, TextRule>();

/**
 * The rule as a zod check, for schemas that keep their own shape (a pattern, a path rule)
 * and add this one: `z.string().trim().check(textRule('导出文件夹'))`.
 */
export function textRule(label: string, options: { multiline?: boolean } = {}) {
  const rule: TextRule = { label, multiline: options.multiline ?? false };
  const check = z.superRefine((text: string, ctx) => {
    const message = textIssue(text, rule);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
  rules.set(check, rule);
  return check;
}

/**
 * The rule a string schema carries, if any. The check object survives the copies zod
 * makes for `.optional()`, `.refine()` and the like, so the bad-input test can find every
 * free-text field by walking the handlers' input schemas.
 */
export function textRuleOf(schema: z.ZodType): TextRule | undefined {
  const checks = (schema._zod.def as { checks?: object[] }).checks ?? [];
  for (const check of checks) {
    const rule = rules.get(check);
    if (rule) return rule;
  }
  return undefined;
}

/** Characters, not UTF-16 code units: 𠮷 counts as one. */
export const characterCount = (text: string) => Array.from(text).length;

export interface FreeTextOptions {
  max: number;
  /** 0 (the default) allows an empty text; use optional()/nullish() for absent */
  min?: number;
  multiline?: boolean;
  /** the message for an empty text when min is 1; `请填写<label>` by default */
  emptyMessage?: string;
}

/**
 * A free-text field: surrounding blanks trimmed, length in characters, and the rule
 * above. No Unicode normalisation: it would turn CJK compatibility ideographs into other
 * code points.
 */
export function freeText(label: string, options: FreeTextOptions) {
  const { max, min = 0 } = options;
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .check(textRule(label, options))
    .superRefine((text, ctx) => {
      // Counting characters is only needed near the limits: a text has at least half as
      // many characters as code units.
      const count = text.length > max || text.length < 2 * min ? characterCount(text) : text.length;
      if (count < min) {
        ctx.addIssue({ code: 'custom', message: min === 1 ? (options.emptyMessage ?? `请填写${label}`) : `${label}至少 ${min} 个字` });
      } else if (count > max) {
        ctx.addIssue({ code: 'custom', message: `${label}最多 ${max} 个字，现为 ${count} 个` });
      }
    });
}
