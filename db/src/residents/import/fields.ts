/**
 * The columns an import file may have, how its headers find them, and the check of one row
 * by the same rules as registration (residents/fields.ts, shared/id-number.ts). Cross-row
 * checks (duplicates, households) are in plan.ts.
 */
import type { z } from '../../kernel/zod-zh';
import { validateIdNumber } from '../../shared/id-number';
import { addressSchema, bankAccountSchema, bankNameSchema, nameSchema, phoneSchema } from '../fields';
import { freeText } from '../../validation/free-text';
import { RELATIONS } from '../../shared/vocabulary';
import type { Hukou, ResidentFields } from '../residents';

export const FIELD_KEYS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'phone',
  'hukou',
  'address',
  'householdNo',
  'headIdNumber',
  'relation',
  'bankName',
  'bankAccount',
  'bank',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

export const FIELD_LABELS: Record<FieldKey, string> = {
  name: '姓名',
  idNumber: '身份证号',
  sex: '性别',
  birthDate: '出生日期',
  phone: '联系电话',
  hukou: '户籍',
  address: '居住地址',
  householdNo: '户号',
  headIdNumber: '户主身份证号',
  relation: '与户主关系',
  bankName: '开户银行',
  bankAccount: '银行账号',
  bank: '银行及账号',
};

const ALIASES: Record<string, FieldKey> = {
  身份证号码: 'idNumber',
  公民身份号码: 'idNumber',
  电话: 'phone',
  手机: 'phone',
  手机号码: 'phone',
  地址: 'address',
  现居住地址: 'address',
  户主身份证号码: 'headIdNumber',
  与户主的关系: 'relation',
};

export const REQUIRED: readonly FieldKey[] = ['name', 'idNumber'];

export type Mapping = Record<string, FieldKey | null>;

const normHeader = (h: string) => h.replace(/\s+/g, '').replace(/[（(].*?[）)]$/, '');

/** Which field each header fills: the call's mapping, then the remembered one, then the names. */
export function resolveMapping(headers: string[], given: Mapping | undefined, remembered: Mapping): Mapping {
  const byLabel = new Map<string, FieldKey>();
  for (const key of FIELD_KEYS) byLabel.set(FIELD_LABELS[key], key);
  for (const [alias, key] of Object.entries(ALIASES)) byLabel.set(alias, key);
  const out: Mapping = {};
  for (const header of headers) {
    if (given && Object.hasOwn(given, header)) out[header] = given[header]!;
    else if (Object.hasOwn(remembered, header)) out[header] = remembered[header]!;
    else out[header] = byLabel.get(header.trim()) ?? byLabel.get(normHeader(header)) ?? null;
  }
  return out;
}

/** Column index of each mapped field (the first column mapped to it). */
export function columnsOf(headers: string[], mapping: Mapping): Partial<Record<FieldKey, number>> {
  const cols: Partial<Record<FieldKey, number>> = {};
  headers.forEach((h, i) => {
    const key = mapping[h];
    if (key && cols[key] === undefined) cols[key] = i;
  });
  return cols;
}

export function missingRequired(cols: Partial<Record<FieldKey, number>>): FieldKey[] {
  return REQUIRED.filter((k) => cols[k] === undefined);
}

/** A row as it will be stored: a registration's fields, but 户籍 may be left unsaid. */
export interface CheckedRow extends Omit<ResidentFields, 'hukou'> {
  line: number;
  /** null: the file says nothing (an existing resident keeps theirs, a new one is 本市) */
  hukou: Hukou | null;
  householdNo: string | null;
  headIdNumber: string | null;
  relation: (typeof RELATIONS)[number] | '本人' | null;
}

export interface Problem {
  field: FieldKey | '';
  reason: string;
}

const SEX: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female', male: 'male', female: 'female', m: 'male', f: 'female' };
const HUKOU_WORDS: Record<string, Hukou> = {
  本市: 'local',
  本市户籍: 'local',
  上海: 'local',
  上海市: 'local',
  local: 'local',
  外省市: 'other',
  外省市户籍: 'other',
  外地: 'other',
  other: 'other',
};
const hukouDistrictSchema = freeText('户籍所在区', { max: 20 });
const householdNoSchema = freeText('户号', { max: 40 });
const RELATION_SET = new Set<string>(['本人', ...RELATIONS]);

function firstIssue(schema: z.ZodType, value: string): { ok: true; value: string } | { ok: false; reason: string } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data as string } : { ok: false, reason: r.error.issues[0]?.message ?? '格式有误' };
}

/** 'YYYY-MM-DD' from the spellings spreadsheets use; null when it is none of them. */
export function dateText(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** "中国工商银行 6222 0200 …": the account is the run of digits (blanks, dashes) at the end. */
function splitBank(text: string): { bankName: string; bankAccount: string } | null {
  const m = /^(.*?)[\s:：,，]*([\d][\d\s-]{4,}\d)$/.exec(text.trim());
  if (!m || !m[1]!.trim()) return null;
  return { bankName: m[1]!.trim(), bankAccount: m[2]! };
}

/**
 * Checks one data row; `today` bounds the birth date. Every problem of the row is listed
 * (the sender corrects them all at once), the row is stored only when there is none.
 */
export function checkRow(cells: string[], cols: Partial<Record<FieldKey, number>>, line: number, today: string): { row: CheckedRow | null; problems: Problem[] } {
  const cell = (k: FieldKey) => {
    const i = cols[k];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const problems: Problem[] = [];
  const optional = (k: FieldKey, schema: z.ZodType): string | null => {
    const v = cell(k);
    if (v === '') return null;
    const r = firstIssue(schema, v);
    if (!r.ok) {
      problems.push({ field: k, reason: r.reason });
      return null;
    }
    return r.value;
  };

  const nameText = cell('name');
  let name = '';
  if (nameText === '') problems.push({ field: 'name', reason: '姓名不能为空' });
  else {
    const r = firstIssue(nameSchema, nameText);
    if (r.ok) name = r.value;
    else problems.push({ field: 'name', reason: r.reason });
  }

  const idText = cell('idNumber');
  let id: { idNumber: string; birthDate: string; sex: 'male' | 'female' } | null = null;
  if (idText === '') problems.push({ field: 'idNumber', reason: '身份证号不能为空' });
  else if (/^\d(\.\d+)?E\+\d+$/i.test(idText)) {
    problems.push({ field: 'idNumber', reason: '身份证号被存成了数字（科学计数法），末几位已丢失：请把该列设为文本后重新填写' });
  } else {
    const r = validateIdNumber(idText, today);
    if (r.ok) id = r;
    else problems.push({ field: 'idNumber', reason: r.message });
  }

  const sexText = cell('sex');
  if (sexText !== '') {
    const sex = SEX[sexText.toLowerCase()];
    if (!sex) problems.push({ field: 'sex', reason: '性别应为“男”或“女”' });
    else if (id && sex !== id.sex) problems.push({ field: 'sex', reason: `性别“${sexText}”与身份证号不符（号码第 17 位表明为${id.sex === 'male' ? '男' : '女'}）` });
  }
  const birthText = cell('birthDate');
  if (birthText !== '') {
    const d = dateText(birthText);
    if (!d) problems.push({ field: 'birthDate', reason: '出生日期格式应为 YYYY-MM-DD' });
    else if (id && d !== id.birthDate) problems.push({ field: 'birthDate', reason: `出生日期 ${d} 与身份证号中的 ${id.birthDate} 不符` });
  }

  const phone = optional('phone', phoneSchema);
  const address = optional('address', addressSchema);
  let bankName = optional('bankName', bankNameSchema);
  let bankAccount = optional('bankAccount', bankAccountSchema);
  const bankText = cell('bank');
  if (bankText !== '') {
    const split = splitBank(bankText);
    if (!split) problems.push({ field: 'bank', reason: '银行及账号应写成“开户银行 账号”，如“中国工商银行 6222020000000000”' });
    else {
      const n = firstIssue(bankNameSchema, split.bankName);
      const a = firstIssue(bankAccountSchema, split.bankAccount);
      if (!n.ok) problems.push({ field: 'bank', reason: n.reason });
      else if (!a.ok) problems.push({ field: 'bank', reason: a.reason });
      else {
        bankName ??= n.value;
        bankAccount ??= a.value;
      }
    }
  }

  let hukou: Hukou | null = null;
  let hukouDistrict: string | null = null;
  const hukouText = cell('hukou');
  if (hukouText !== '') {
    const word = HUKOU_WORDS[hukouText.replace(/\s+/g, '').toLowerCase()] ?? HUKOU_WORDS[hukouText.replace(/\s+/g, '')];
    if (word) hukou = word;
    else if (/^(上海市)?\S{1,8}(区|县)$/.test(hukouText)) {
      const r = firstIssue(hukouDistrictSchema, hukouText.replace(/^上海市/, ''));
      if (r.ok) {
        hukou = 'local';
        hukouDistrict = r.value;
      } else problems.push({ field: 'hukou', reason: r.reason });
    } else problems.push({ field: 'hukou', reason: '户籍应为“本市户籍”“外省市户籍”或本市的区（如“黄浦区”）' });
  }

  const householdNo = optional('householdNo', householdNoSchema);
  const headText = cell('headIdNumber');
  let headIdNumber: string | null = null;
  if (headText !== '') {
    const r = validateIdNumber(headText, today);
    if (r.ok) headIdNumber = r.idNumber;
    else problems.push({ field: 'headIdNumber', reason: `户主${r.message}` });
  }
  const relationText = cell('relation');
  let relation: CheckedRow['relation'] = null;
  if (relationText !== '') {
    if (RELATION_SET.has(relationText)) relation = relationText as CheckedRow['relation'];
    else if (relationText === '户主') relation = '本人';
    else problems.push({ field: 'relation', reason: `与户主关系应为：本人、${RELATIONS.join('、')}` });
  }
  if (id && headIdNumber === id.idNumber) {
    if (relation !== null && relation !== '本人') problems.push({ field: 'relation', reason: '户主身份证号是本人的号码，与户主关系应为“本人”' });
    relation ??= '本人';
  }
  const inHousehold = householdNo !== null || headIdNumber !== null;
  if (inHousehold && relation === null && !problems.some((p) => p.field === 'relation')) {
    problems.push({ field: 'relation', reason: '填写了户号或户主身份证号，请填写与户主关系' });
  }
  if (!inHousehold && relation !== null && relation !== '本人') {
    problems.push({ field: 'relation', reason: '填写了与户主关系，请同时填写户号或户主身份证号' });
  }

  if (problems.length > 0 || !id) return { row: null, problems };
  return {
    row: {
      line,
      name,
      idNumber: id.idNumber,
      birthDate: id.birthDate,
      sex: id.sex,
      phone,
      address,
      bankName,
      bankAccount,
      hukou,
      hukouDistrict,
      householdNo,
      headIdNumber,
      relation: inHousehold || relation === '本人' ? relation : null,
    },
    problems,
  };
}
