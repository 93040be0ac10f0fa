/**
 * What an item's form field definitions mean for the values a clerk types: kept beside the
 * definitions so that min/max/maxLength/options have one reading wherever values are checked.
 */
import type { FieldIssue } from '../kernel/errors';
import type { FormField } from './definition';
import { textIssue } from '../validation/free-text';

export type FormValue = string | number | boolean;
export type FormValues = Record<string, FormValue>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function checkOne(f: FormField, v: unknown): { value: FormValue } | { message: string } {
  switch (f.type) {
    case 'text': {
      if (typeof v !== 'string') return { message: `“${f.label}”应为文字` };
      const s = v.trim();
      const bad = textIssue(s, { label: `“${f.label}”`, multiline: true });
      if (bad) return { message: bad };
      if (f.maxLength !== undefined && [...s].length > f.maxLength) return { message: `“${f.label}”最多 ${f.maxLength} 个字` };
      return { value: s };
    }
    case 'number':
    case 'money': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return { message: `“${f.label}”应为数字` };
      if (f.type === 'money' && Math.abs(v * 100 - Math.round(v * 100)) > 1e-6) return { message: `“${f.label}”最多保留两位小数` };
      if (f.min !== undefined && v < f.min) return { message: `“${f.label}”不能小于 ${f.min}` };
      if (f.max !== undefined && v > f.max) return { message: `“${f.label}”不能大于 ${f.max}` };
      return { value: v };
    }
    case 'date':
      if (typeof v !== 'string' || !isRealDate(v)) return { message: `“${f.label}”应为有效日期（YYYY-MM-DD）` };
      return { value: v };
    case 'select': {
      const options = f.options ?? [];
      if (typeof v !== 'string' || !options.some((o) => o.value === v)) {
        return { message: `“${f.label}”应为以下之一：${options.map((o) => o.label).join('、')}` };
      }
      return { value: v };
    }
    case 'boolean':
      if (typeof v !== 'boolean') return { message: `“${f.label}”应为“是”或“否”` };
      return { value: v };
  }
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Checks form values against an item's fields and names every wrong one at once (path
 * `<prefix>.<field key>`). Blank optional fields are dropped; unknown keys are refused so a
 * renamed field cannot silently lose its value.
 */
export function validateFormValues(
  fields: readonly FormField[],
  values: Record<string, unknown>,
  pathPrefix = 'values',
): { ok: true; values: FormValues } | { ok: false; issues: FieldIssue[] } {
  const at = (key: string) => (pathPrefix ? `${pathPrefix}.${key}` : key);
  const issues: FieldIssue[] = [];
  const out: FormValues = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) issues.push({ path: at(key), message: `本事项没有“${key}”这一项` });
  }
  for (const f of fields) {
    const v = values[f.key];
    if (isBlank(v)) {
      if (f.required) issues.push({ path: at(f.key), message: `请填写“${f.label}”` });
      continue;
    }
    const r = checkOne(f, v);
    if ('message' in r) issues.push({ path: at(f.key), message: r.message });
    else out[f.key] = r.value;
  }
  return issues.length ? { ok: false, issues } : { ok: true, values: out };
}
