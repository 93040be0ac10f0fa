/**
 * GB 11643-1999 citizen identity numbers. Pure and free of node imports: the renderer
 * imports this module to check the number live while the clerk types it.
 */

export type IdNumberPart = 'length' | 'characters' | 'address' | 'birthDate' | 'future' | 'checkDigit';

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; part: IdNumberPart; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

// Province-level codes of GB/T 2260. Only the first two digits are checked: codes of
// abolished counties stay valid for life, so no list of current counties can be used.
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71',
]);
// Residence permits for Hong Kong, Macao and Taiwan residents carry these exact codes.
const PERMIT_CODES = new Set(['810000', '820000', '830000']);

// Nobody alive was born earlier; a year like 0019 is a typo, not a person.
const EARLIEST_YEAR = 1800;

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function fail(part: IdNumberPart, message: string): IdNumberResult {
  return { ok: false, part, message };
}

/**
 * Validates an 18-character identity number, trimming surrounding blanks and upper-casing
 * a final x. `today` is 'YYYY-MM-DD' in the centre's time zone, passed in so the function
 * stays pure and testable.
 */
export function validateIdNumber(input: string, today: string): IdNumberResult {
  const id = input.trim().toUpperCase();
  const length = Array.from(id).length;
  if (length !== 18) {
    const hint = length === 15 && /^\d{15}$/.test(id) ? '；15 位旧号码请先转换为 18 位' : '';
    return fail('length', `身份证号码长度应为 18 位，现为 ${length} 位${hint}`);
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return fail('characters', '身份证号码字符有误：前 17 位应为数字，最后一位为数字或 X');
  }

  const address = id.slice(0, 6);
  const foreignerCard = id[0] === '9';
  const permit = PERMIT_CODES.has(address);
  if (!foreignerCard && !permit) {
    // 81/82/83 fall through to here unless followed by 0000: no other such codes exist.
    if (!PROVINCE_CODES.has(address.slice(0, 2))) {
      return fail('address', `身份证号码地址码（第 1–6 位）“${address}”无效：不是有效的省级行政区划代码`);
    }
  }

  const digits = id.slice(6, 14);
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (year < EARLIEST_YEAR || !isRealDate(year, month, day)) {
    return fail('birthDate', `身份证号码出生日期（第 7–14 位）“${digits}”不是有效的日期`);
  }
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  if (birthDate > today) {
    return fail('future', `身份证号码出生日期（第 7–14 位）${birthDate} 晚于今天，号码有误`);
  }

  // The expected character is deliberately not shown: a mismatch usually means a typo
  // elsewhere in the number, and "fixing" the last character would hide it.
  if (idCheckCharacter(id) !== id[17]) {
    return fail('checkDigit', '身份证号码校验位（第 18 位）不符，请逐位核对号码');
  }

  return { ok: true, idNumber: id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Converts a legacy 15-digit number (address, YYMMDD, sequence; everyone born in the
 * 1900s) to its 18-digit form and validates the result. Callers must show the converted
 * number to the clerk: conversion is a decision, never a silent rewrite.
 */
export function convertLegacyIdNumber(input: string, today: string): IdNumberResult {
  const old = input.trim();
  const length = Array.from(old).length;
  if (length !== 15) return fail('length', `旧身份证号码长度应为 15 位，现为 ${length} 位`);
  if (!/^\d{15}$/.test(old)) return fail('characters', '旧身份证号码应为 15 位数字');
  const first17 = `${old.slice(0, 6)}19${old.slice(6)}`;
  return validateIdNumber(first17 + idCheckCharacter(first17), today);
}

/** Chinese label of each part, for field-level messages and UI hints. */
export const ID_NUMBER_PART_LABELS: Record<IdNumberPart, string> = {
  length: '长度',
  characters: '字符',
  address: '地址码',
  birthDate: '出生日期',
  future: '出生日期',
  checkDigit: '校验位',
};
