/**
 * A benefit paid by assessed grade (居家养老服务补贴 by 照护等级): the definition names the
 * select field holding the grade and gives a monthly amount for each of its options. Every
 * option must have exactly one amount and every amount must name an option: otherwise an
 * approval with a valid grade would have no amount, or an amount could never be reached.
 */
import type { FormValues } from './form-values';
import type { FormField, GradeAmounts, Recurring } from './definition';

type Issue = { path: (string | number)[]; message: string };

export function gradeAmountIssues(g: GradeAmounts, fields: readonly FormField[]): Issue[] {
  const out: Issue[] = [];
  const at = (...p: (string | number)[]) => ['recurring', 'gradeAmounts', ...p];
  const field = fields.find((f) => f.key === g.field);
  if (!field) return [{ path: at('field'), message: `等级字段“${g.field}”不在表单字段中` }];
  if (field.type !== 'select') return [{ path: at('field'), message: `等级字段“${field.label}”应为下拉（select）类型` }];
  const options = new Set((field.options ?? []).map((o) => o.value));
  const seen = new Set<string>();
  g.amounts.forEach((a, i) => {
    if (seen.has(a.grade)) out.push({ path: at('amounts', i, 'grade'), message: `等级“${a.grade}”的金额重复` });
    else if (!options.has(a.grade)) out.push({ path: at('amounts', i, 'grade'), message: `等级“${a.grade}”不是字段“${field.label}”的选项` });
    seen.add(a.grade);
  });
  for (const o of field.options ?? []) {
    if (!seen.has(o.value)) out.push({ path: at('amounts'), message: `等级“${o.value}”没有设置每月金额` });
  }
  return out;
}

/** The amount of a grade in the table, or undefined when the item has no table or the grade is not in it. */
export function gradeAmount(r: Recurring, grade: string): number | undefined {
  return r.gradeAmounts?.amounts.find((a) => a.grade === grade)?.monthlyAmount;
}

/** The grade recorded in the form, when the item is paid by grade. */
export function gradeOf(r: Recurring | null, values: FormValues): string | undefined {
  const v = r?.gradeAmounts ? values[r.gradeAmounts.field] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}
