/**
 * Masking of personal information for lists and screens (PIPL): the full value leaves the
 * core only through an explicit, logged reveal. Pure, so the renderer may use it too.
 */

/** 110101********1234: first 6 (region) and last 4; the birth date in between is hidden. */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber);
  if (chars.length <= 10) return '*'.repeat(chars.length);
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
}

/** 138****5678; landlines likewise keep their first 3 and last 4 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** ****1234: enough to tell two accounts apart at the counter. */
export function maskBankAccount(account: string | null | undefined): string | null {
  if (!account) return null;
  return `****${account.slice(-4)}`;
}
