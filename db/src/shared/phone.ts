/**
 * Phone numbers as the counter meets them: mainland mobiles and landlines with an area
 * code. Stored in one canonical form so that search by digits finds both spellings.
 */

export const PHONE_MESSAGE = '电话应为 11 位手机号码（以 1 开头），或带区号的固定电话（如 021-12345678）';

/**
 * Returns the canonical form ('13812345678' or '021-12345678'), or null when the input
 * is neither a mobile nor a landline with area code.
 */
export function normalizePhone(input: string): string | null {
  let s = input.trim().replace(/[\s()（）]/g, '');
  // A +86 or 0086 prefix is how some residents write their own number.
  s = s.replace(/^(\+86|0086)-?/, '');
  if (/^1\d{10}$/.test(s)) return s;

  const dashed = /^(0\d{2,3})-(\d{7,8})$/.exec(s);
  if (dashed) return `${dashed[1]}-${dashed[2]}`;

  if (/^0\d{9,11}$/.test(s)) {
    // Without a dash the area code is read by the national plan: 010 and 02x have three
    // digits, every other area code has four.
    const areaLength = /^0(10|2\d)/.test(s) ? 3 : 4;
    const area = s.slice(0, areaLength);
    const local = s.slice(areaLength);
    if (/^\d{7,8}$/.test(local)) return `${area}-${local}`;
  }
  return null;
}

/** Digits only, for search keys. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}
