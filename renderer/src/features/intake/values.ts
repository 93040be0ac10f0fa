/** The intake's pure value rules, shared by the form components and the intake reducer. */
import type { FormFieldDef, MaterialDef } from '../cases/types';

/** What an input holds before it is sent: '' is "not filled in". */
export type FieldValue = string | number | boolean | '';
export type FieldValues = Record<string, FieldValue>;

/** 20261120 or 2026/11/20 or 2026.11.20 → 2026-11-20; anything else is left as typed for the core to name. */
export function normalizeDate(s: string): string {
  const t = s.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : t;
}

/** The values as cases.intake takes them: blanks left out, dates normalised. */
export function valuesToSend(fields: readonly FormFieldDef[], values: FieldValues): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === '' || (typeof v === 'string' && v.trim() === '')) continue;
    if (f.type === 'date' && typeof v === 'string') out[f.key] = normalizeDate(v);
    else if ((f.type === 'number' || f.type === 'money') && typeof v === 'string') out[f.key] = Number(v);
    else out[f.key] = v;
  }
  return out;
}

/** A required material of which fewer copies came than the item asks for. */
export const isShort = (m: Pick<MaterialDef, 'key' | 'required' | 'copies'>, received: Record<string, number>) => m.required && (received[m.key] ?? 0) < m.copies;
