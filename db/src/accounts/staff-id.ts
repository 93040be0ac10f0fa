/**
 * The staff member's own ID number on every account: checked with the residents' GB 11643
 * rule, unique among active accounts, shown masked as residents' numbers are.
 */
import type Database from 'better-sqlite3';
import { z } from '../kernel/zod-zh';
import { AppError, conflict } from '../kernel/errors';
import { ID_NUMBER_PART_LABELS, validateIdNumber } from '../shared/id-number';

export const staffIdNumberInput = z.string({ error: '请填写本人身份证号' }).trim().min(1, '请填写本人身份证号').max(40, '身份证号码过长');

/** The number normalised (upper-case X), or VALIDATION on `staffIdNumber` naming the failed part. */
export function checkedStaffIdNumber(input: string, today: string): string {
  const result = validateIdNumber(input, today);
  if (!result.ok) {
    const message = `身份证号有误：${result.message}`;
    throw new AppError('VALIDATION', message, {
      fields: [{ path: 'staffIdNumber', message }],
      details: { part: result.part, partLabel: ID_NUMBER_PART_LABELS[result.part] },
    });
  }
  return result.idNumber;
}

/** Refuses a number an active account other than `exceptId` already carries. */
export function assertStaffIdNumberFree(db: Database.Database, idNumber: string, exceptId: number | null): void {
  const other = db
    .prepare('SELECT id FROM users WHERE staff_id_number = ? AND active = 1 AND id IS NOT ?')
    .get(idNumber, exceptId) as { id: number } | undefined;
  if (other) {
    throw conflict('该身份证号已登记在另一个在用账户上：一人只能有一个在用账户', { field: 'staffIdNumber' });
  }
}
