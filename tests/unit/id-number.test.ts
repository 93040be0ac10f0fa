import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  convertLegacyIdNumber,
  validateIdNumber,
  type IdNumberPart,
} from '../../db/src/shared/id-number';

const TODAY = '2026-11-22';

type Expected = { birthDate: string; sex: 'male' | 'female'; idNumber?: string } | IdNumberPart;

// Check characters of the valid numbers were computed with the GB 11643-1999 algorithm
// (and are re-checked independently below); 11010519491231002X is the standard's example.
const TABLE: [string, Expected, string][] = [
  ['11010519491231002X', { birthDate: '1949-12-31', sex: 'female' }, 'the standard example, check X'],
  ['11010519491231002x', { birthDate: '1949-12-31', sex: 'female', idNumber: '11010519491231002X' }, 'lower-case x'],
  ['310104198001010017', { birthDate: '1980-01-01', sex: 'male' }, 'Shanghai, odd sequence'],
  ['310115199003071239', { birthDate: '1990-03-07', sex: 'male' }, 'Pudong'],
  ['440304200002290022', { birthDate: '2000-02-29', sex: 'female' }, '20000229 is a real date'],
  ['810000198506120032', { birthDate: '1985-06-12', sex: 'male' }, 'Hong Kong residence permit'],
  ['820000199001010045', { birthDate: '1990-01-01', sex: 'female' }, 'Macao residence permit'],
  ['830000197707070050', { birthDate: '1977-07-07', sex: 'male' }, 'Taiwan residence permit'],
  ['910156198808080081', { birthDate: '1988-08-08', sex: 'female' }, "foreigner's permanent residence card"],
  ['930840199202020071', { birthDate: '1992-02-02', sex: 'male' }, 'another leading 9'],
  ['650101196006151310', { birthDate: '1960-06-15', sex: 'male' }, 'check digit 0'],
  ['540102197001010127', { birthDate: '1970-01-01', sex: 'female' }, 'Tibet'],
  ['510123199510101567', { birthDate: '1995-10-10', sex: 'female' }, 'Sichuan'],
  ['210202199306150030', { birthDate: '1993-06-15', sex: 'male' }, 'Liaoning'],
  ['310101202611220011', { birthDate: '2026-11-22', sex: 'male' }, 'born today'],
  [' 310104198001010017 ', { birthDate: '1980-01-01', sex: 'male', idNumber: '310104198001010017' }, 'surrounding blanks'],
  ['', 'length', 'empty'],
  ['31010419800101001', 'length', '17 characters'],
  ['3101041980010100171', 'length', '19 characters'],
  ['310101850612001', 'length', 'legacy 15 digits are not silently accepted'],
  ['31010419800101001A', 'characters', 'letter other than X at the end'],
  ['3101041980O1010017', 'characters', 'letter O for zero'],
  ['X10104198001010017', 'characters', 'X not at the end'],
  ['３１０１０４１９８００１０１００１７', 'characters', 'full-width digits'],
  ['31010419800101 017', 'characters', 'inner blank'],
  ['000105194912310024', 'address', 'province 00'],
  ['720105194912310023', 'address', 'province 72 does not exist'],
  ['810101198506120034', 'address', '81 must be 810000'],
  ['310101199902300017', 'birthDate', '19990230'],
  ['310101190002290019', 'birthDate', '19000229: 1900 is not a leap year'],
  ['310101198713010024', 'birthDate', 'month 13'],
  ['310101198701000021', 'birthDate', 'day 00'],
  ['310101198704310025', 'birthDate', '31 April'],
  ['310101179912310018', 'birthDate', 'year 1799'],
  ['310101202611230017', 'future', 'born tomorrow'],
  ['310101203001010011', 'future', 'born in 2030'],
  ['310104198001010018', 'checkDigit', 'last digit off by one'],
  ['110105194912310021', 'checkDigit', 'digit where X belongs'],
  ['31010119850612337X', 'checkDigit', 'X where a digit belongs'],
  ['110105194912310O2X', 'characters', 'letter O inside the sequence'],
];

const LABEL: Record<IdNumberPart, RegExp> = {
  length: /长度/,
  characters: /字符/,
  address: /地址码/,
  birthDate: /出生日期/,
  future: /出生日期.*晚于今天/,
  checkDigit: /校验位/,
};

describe('validateIdNumber', () => {
  it('has a table of at least 30 numbers', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });

  it.each(TABLE)('%s → %o (%s)', (input, expected) => {
    const result = validateIdNumber(input, TODAY);
    if (typeof expected === 'string') {
      expect(result).toMatchObject({ ok: false, part: expected });
      if (!result.ok) expect(result.message).toMatch(LABEL[expected]);
    } else {
      expect(result).toEqual({
        ok: true,
        idNumber: expected.idNumber ?? input.trim(),
        birthDate: expected.birthDate,
        sex: expected.sex,
      });
    }
  });

  it('the valid numbers of the table carry the right check character (independent computation)', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (const [input, expected] of TABLE) {
      if (typeof expected === 'string') continue;
      const id = input.trim().toUpperCase();
      const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0);
      expect('10X98765432'[sum % 11], id).toBe(id[17]);
    }
  });

  it('does not reveal the expected check character', () => {
    const result = validateIdNumber('310104198001010018', TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toMatch(/7/);
  });

  it('hints at conversion for a 15-digit number', () => {
    const result = validateIdNumber('310101850612001', TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/15 位/);
  });

  it('imports nothing from node, so the renderer can use it', () => {
    const source = readFileSync(new URL('../../db/src/shared/id-number.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/\bimport\b/);
    expect(source).not.toMatch(/require\(/);
  });
});

describe('convertLegacyIdNumber', () => {
  it('inserts 19 and computes the check character', () => {
    expect(convertLegacyIdNumber('310101850612001', TODAY)).toEqual({
      ok: true,
      idNumber: '31010119850612001X',
      birthDate: '1985-06-12',
      sex: 'male',
    });
    expect(convertLegacyIdNumber('110105491231002', TODAY)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('refuses what is not a valid legacy number, naming the part', () => {
    expect(convertLegacyIdNumber('31010185061200', TODAY)).toMatchObject({ ok: false, part: 'length' });
    expect(convertLegacyIdNumber('31010185061200X', TODAY)).toMatchObject({ ok: false, part: 'characters' });
    expect(convertLegacyIdNumber('310101990230001', TODAY)).toMatchObject({ ok: false, part: 'birthDate' });
    expect(convertLegacyIdNumber('000101850612001', TODAY)).toMatchObject({ ok: false, part: 'address' });
  });
});
