import { z } from '../dispatcher/zod-zh';
import { normalizePhone, PHONE_MESSAGE } from './phone';

export const NAME_MAX_CHARS = 40;

/** Control characters and lone surrogates cannot be stored or printed faithfully. */
const UNSTORABLE = /[\p{Cc}\p{Cs}]/u;

/**
 * Names are kept exactly as typed apart from surrounding blanks: no Unicode
 * normalisation, which would turn CJK compatibility ideographs into other code points.
 * Length counts characters, so 𠮷 (two UTF-16 units) is one.
 */
export const nameSchema = z
  .string({ error: '请填写姓名' })
  .trim()
  .superRefine((name, ctx) => {
    const length = Array.from(name).length;
    if (length === 0) ctx.addIssue({ code: 'custom', message: '姓名不能为空' });
    else if (length > NAME_MAX_CHARS) ctx.addIssue({ code: 'custom', message: `姓名最多 ${NAME_MAX_CHARS} 个字，现为 ${length} 个` });
    else if (UNSTORABLE.test(name)) ctx.addIssue({ code: 'custom', message: '姓名含有无法保存的字符（控制字符或残缺的字符编码）' });
  });

export const idNumberInput = z.string({ error: '请填写身份证号码' }).max(64, '身份证号码长度应为 18 位');

export const phoneSchema = z.string().transform((value, ctx) => {
  const phone = normalizePhone(value);
  if (phone === null) {
    ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
    return z.NEVER;
  }
  return phone;
});

export const addressSchema = z.string().trim().max(200, '地址最多 200 个字');
export const bankNameSchema = z.string().trim().max(60, '开户银行最多 60 个字');
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
