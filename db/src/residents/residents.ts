import type Database from 'better-sqlite3';
import { conflict, notFound } from '../kernel/errors';
import { maskBankAccount, maskIdNumber, maskPhone } from '../privacy/mask';
import { ageOn } from '../shared/age';
import { nameBigrams, residentSearchKeys } from './search-keys';
import { prepared } from '../kernel/prepared';

/** A resident as stored, with full values: for the core only, never for a screen. */
export interface ResidentRow {
  id: number;
  id_number: string;
  name: string;
  birth_date: string;
  sex: 'male' | 'female';
  phone: string | null;
  address: string | null;
  bank_name: string | null;
  bank_account: string | null;
  hukou: Hukou;
  hukou_district: string | null;
  status: ResidentStatus;
  status_date: string | null;
  status_reason: string | null;
  status_material_no: string | null;
  moved_to: string | null;
  status_recorded_at: string | null;
  status_recorded_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 户籍: 本市户籍 or 外省市户籍. */
export const HUKOU = ['local', 'other'] as const;
export type Hukou = (typeof HUKOU)[number];
export const HUKOU_LABELS: Record<Hukou, string> = { local: '本市户籍', other: '外省市户籍' };

/** 在册, 已迁出, 已死亡: the last two are registered once, with a certificate (status.ts). */
export type ResidentStatus = 'registered' | 'moved_out' | 'deceased';
export const RESIDENT_STATUS_LABELS: Record<ResidentStatus, string> = { registered: '在册', moved_out: '已迁出', deceased: '已死亡' };
/** The certificate each registered status rests on. */
export const STATUS_MATERIALS = { deceased: '死亡证明', moved_out: '迁移证明' } as const;

export interface ResidentFields {
  idNumber: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone: string | null;
  address: string | null;
  bankName: string | null;
  bankAccount: string | null;
  hukou: Hukou;
  hukouDistrict: string | null;
}

/** What screens and lists get: identity, phone and account masked. */
export interface ResidentView {
  id: number;
  /** masked: first 6 and last 4 */
  idNumber: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  age: number;
  /** masked: 3 + **** + 4 */
  phone: string | null;
  address: string | null;
  bankName: string | null;
  /** masked: last 4 */
  bankAccount: string | null;
  hukou: Hukou;
  hukouDistrict: string | null;
  status: ResidentStatus;
  /** date of death or of the move-out; null while 在册 */
  statusDate: string | null;
  /** how the status was registered; null while 在册 */
  statusRecord: {
    reason: string;
    /** 死亡证明 or 迁移证明 */
    material: string;
    materialNo: string | null;
    movedTo: string | null;
    recordedAt: string;
    recordedBy: string;
  } | null;
  createdAt: string;
  updatedAt: string;
}

const RESIDENT_COLUMNS =
  'id, id_number, name, birth_date, sex, phone, address, bank_name, bank_account, hukou, hukou_district, status, status_date, ' +
  'status_reason, status_material_no, moved_to, status_recorded_at, status_recorded_by, created_at, updated_at';

export function getResidentRow(db: Database.Database, id: number): ResidentRow | undefined {
  return prepared<{ id: number }, ResidentRow>(db, `SELECT ${RESIDENT_COLUMNS} FROM residents WHERE id = @id`).get({ id });
}

/** The row, or NOT_FOUND with a message the clerk can read. */
export function requireResidentRow(db: Database.Database, id: number): ResidentRow {
  const row = getResidentRow(db, id);
  if (!row) throw notFound(`没有编号为 ${id} 的居民`, { residentId: id });
  return row;
}

/** `idNumber` must already be validated and normalised (upper-case X). */
export function findResidentByIdNumber(db: Database.Database, idNumber: string): ResidentRow | undefined {
  return prepared<{ idNumber: string }, ResidentRow>(db, `SELECT ${RESIDENT_COLUMNS} FROM residents WHERE id_number = @idNumber`).get({ idNumber });
}

export function residentView(row: ResidentRow, today: string): ResidentView {
  return {
    id: row.id,
    idNumber: maskIdNumber(row.id_number),
    name: row.name,
    birthDate: row.birth_date,
    sex: row.sex,
    age: ageOn(row.birth_date, today),
    phone: maskPhone(row.phone),
    address: row.address,
    bankName: row.bank_name,
    bankAccount: maskBankAccount(row.bank_account),
    hukou: row.hukou,
    hukouDistrict: row.hukou_district,
    status: row.status,
    statusDate: row.status_date,
    statusRecord:
      row.status === 'registered'
        ? null
        : {
            reason: row.status_reason ?? '',
            material: STATUS_MATERIALS[row.status],
            materialNo: row.status_material_no,
            movedTo: row.moved_to,
            recordedAt: row.status_recorded_at ?? '',
            recordedBy: row.status_recorded_by ?? '',
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function writeBigrams(db: Database.Database, residentId: number, name: string): void {
  prepared(db, 'DELETE FROM resident_name_bigrams WHERE resident_id = @residentId').run({ residentId });
  const insert = prepared(db, 'INSERT INTO resident_name_bigrams (bigram, resident_id) VALUES (@bigram, @residentId)');
  for (const bigram of nameBigrams(name)) insert.run({ bigram, residentId });
}

function refuseDuplicate(db: Database.Database, idNumber: string, exceptId?: number): void {
  const existing = findResidentByIdNumber(db, idNumber);
  if (existing && existing.id !== exceptId) {
    throw conflict(`身份证号码 ${maskIdNumber(idNumber)} 已登记为居民“${existing.name}”`, { residentId: existing.id });
  }
}

/** Inserts a validated resident with its search keys; CONFLICT when the ID number exists. */
export function insertResident(db: Database.Database, fields: ResidentFields, nowIso: string): number {
  refuseDuplicate(db, fields.idNumber);
  const keys = residentSearchKeys(fields);
  const { lastInsertRowid } = prepared(
    db,
    `INSERT INTO residents (id_number, id_number_rev, name, birth_date, sex, phone, phone_rev, address,
       bank_name, bank_account, hukou, hukou_district, pinyin_full, pinyin_initials, created_at, updated_at)
     VALUES (@idNumber, @idNumberRev, @name, @birthDate, @sex, @phone, @phoneRev, @address,
       @bankName, @bankAccount, @hukou, @hukouDistrict, @pinyinFull, @pinyinInitials, @now, @now)`,
  ).run({ ...fields, ...keys, now: nowIso });
  const id = Number(lastInsertRowid);
  writeBigrams(db, id, fields.name);
  return id;
}

/** Replaces every field of a resident (callers merge their patch first) and its search keys. */
export function updateResident(db: Database.Database, id: number, fields: ResidentFields, nowIso: string): void {
  refuseDuplicate(db, fields.idNumber, id);
  const keys = residentSearchKeys(fields);
  prepared(
    db,
    `UPDATE residents SET id_number = @idNumber, id_number_rev = @idNumberRev, name = @name, birth_date = @birthDate,
       sex = @sex, phone = @phone, phone_rev = @phoneRev, address = @address, bank_name = @bankName,
       bank_account = @bankAccount, hukou = @hukou, hukou_district = @hukouDistrict, pinyin_full = @pinyinFull, pinyin_initials = @pinyinInitials, updated_at = @now
     WHERE id = @id`,
  ).run({ ...fields, ...keys, now: nowIso, id });
  writeBigrams(db, id, fields.name);
}

export function residentFieldsOf(row: ResidentRow): ResidentFields {
  return {
    idNumber: row.id_number,
    name: row.name,
    birthDate: row.birth_date,
    sex: row.sex,
    phone: row.phone,
    address: row.address,
    bankName: row.bank_name,
    bankAccount: row.bank_account,
    hukou: row.hukou,
    hukouDistrict: row.hukou_district,
  };
}
