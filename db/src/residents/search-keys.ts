import { namePinyin } from './pinyin';
import { phoneDigits } from '../shared/phone';

export function reverse(s: string): string {
  return Array.from(s).reverse().join('');
}

/** Columns of `residents` that exist only to be searched. */
export function residentSearchKeys(fields: { idNumber: string; name: string; phone: string | null }) {
  const pinyin = namePinyin(fields.name);
  return {
    idNumberRev: reverse(fields.idNumber),
    phoneRev: fields.phone === null ? null : reverse(phoneDigits(fields.phone)),
    pinyinFull: pinyin.full,
    pinyinInitials: pinyin.initials,
  };
}

/** Distinct pairs of adjacent characters (code points, so 𠮷 counts as one). */
export function nameBigrams(name: string): string[] {
  const chars = Array.from(name);
  const set = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i]! + chars[i + 1]!);
  return [...set];
}

/**
 * The exclusive upper bound of a prefix range: every string starting with `prefix`
 * sorts (as UTF-8 bytes, SQLite's BINARY) between `prefix` and this value.
 */
export function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}
