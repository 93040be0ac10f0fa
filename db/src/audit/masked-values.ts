/**
 * What audit.list shows of a row's before, after and detail. Most handlers record masked
 * views, but some record their input as given (a household's members, an intake's form),
 * and the log is read on a screen: personal numbers there are masked like everywhere else
 * (PIPL), the full value leaving the core only through residents.reveal. The stored row and
 * its hash are untouched; audit.verify reads the stored text.
 */
import { maskBankAccount, maskIdNumber, maskPhone } from '../privacy/mask';
import { idCheckCharacter } from '../shared/id-number';

// Keys whose values are personal numbers whatever they look like.
const ID_KEYS = /^(idNumber|id_number|staffIdNumber|staff_id_number|applicantIdNumber|memberIdNumber)$/;
const PHONE_KEYS = /^(phone|mobile|contactPhone|phone_number)$/;
const BANK_KEYS = /^(bankAccount|bank_account)$/;

// Anywhere else, a string that is exactly an identity number (its check character right)
// or a mobile number; but never a case number, which is digits too (centre code, day, seq).
const ID_LIKE = /^\d{17}[\dXx]$/;
const MOBILE_LIKE = /^1\d{10}$/;
const CASE_NO_KEYS = /^(caseNo|case_no|no|decisionNo|decision_no)$/;
const isIdNumber = (s: string) => ID_LIKE.test(s) && idCheckCharacter(s.slice(0, 17)) === s[17]!.toUpperCase();
// Already masked values (110101********1234) are left as they are.
const MASKED = /\*{3,}/;

function maskString(key: string | null, value: string): string {
  if (MASKED.test(value)) return value;
  if (key !== null && ID_KEYS.test(key)) return maskIdNumber(value);
  if (key !== null && PHONE_KEYS.test(key)) return maskPhone(value) ?? value;
  if (key !== null && BANK_KEYS.test(key)) return maskBankAccount(value) ?? value;
  if (key !== null && CASE_NO_KEYS.test(key)) return value;
  if (isIdNumber(value)) return maskIdNumber(value);
  if (MOBILE_LIKE.test(value)) return maskPhone(value) ?? value;
  return value;
}

export function maskAuditValue(value: unknown, key: string | null = null): unknown {
  if (typeof value === 'string') return maskString(key, value);
  if (Array.isArray(value)) return value.map((v) => maskAuditValue(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskAuditValue(v, k)]));
  }
  return value;
}
