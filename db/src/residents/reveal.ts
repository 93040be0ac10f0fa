import type Database from 'better-sqlite3';
import { notFound } from '../kernel/errors';
import { requireResidentRow } from './residents';
import { prepared } from '../kernel/prepared';

export const REVEALABLE_FIELDS = ['idNumber', 'phone', 'bankAccount'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

const LABELS: Record<RevealableField, string> = { idNumber: '身份证号码', phone: '电话', bankAccount: '银行账号' };

/**
 * Returns one full value and records who asked, for what and why, in the same
 * transaction: a value shown without its log row must not be possible.
 */
export function revealResidentField(
  db: Database.Database,
  input: { residentId: number; field: RevealableField; reason: string; actor: number | null; atIso: string },
): string {
  const row = requireResidentRow(db, input.residentId);
  const value = { idNumber: row.id_number, phone: row.phone, bankAccount: row.bank_account }[input.field];
  if (value === null) throw notFound(`该居民未登记${LABELS[input.field]}`, { residentId: row.id, field: input.field });
  prepared(
    db,
    `INSERT INTO resident_reveals (resident_id, field, reason, actor, at) VALUES (@residentId, @field, @reason, @actor, @atIso)`,
  ).run(input);
  return value;
}
