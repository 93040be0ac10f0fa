import { z } from '../kernel/zod-zh';
import { freeText } from '../validation/free-text';
import { normalizePhone, PHONE_MESSAGE } from '../shared/phone';

export const NAME_MAX_CHARS = 40;

/**
 * Names are kept exactly as typed apart from surrounding blanks (see validation/free-text.ts
 * for why there is no normalisation); 𠮷 counts as one character.
 */
export const nameSchema = freeText('姓名', { min: 1, max: NAME_MAX_CHARS, emptyMessage: '姓名不能为空' });

export const idNumberInput = z.string({ error: '请填写身份证号码' }).max(64, '身份证号码长度应为 18 位');

export const phoneSchema = z.string().transform((value, ctx) => {
  const phone = normalizePhone(value);
  if (phone === null) {
    ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
    return z.NEVER;
  }
  return phone;
});

export const addressSchema = freeText('居住地址', { max: 200 });
export const bankNameSchema = freeText('开户银行', { max: 60 });
export const bankAccountSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6,32}$/, '银行账号应为 6 到 32 位数字'));

/**
 * An optional text field of a form: absent leaves it as it is, while null or a blank
 * string clears it (forms send '' for an emptied box).
 */
export function clearable<T extends z.ZodType<string | null, string>>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable()).optional();
}
