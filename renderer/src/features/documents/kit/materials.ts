/**
 * The rules behind the documents' tables of materials: row numbers, what is still owed,
 * and the remark each material carries on a receipt. Pure, so the unit tests can read it.
 */
import { chineseDate } from './format';

/** Rows numbered from 1 in the order given (the 序号 column). */
export function numbered<T>(rows: readonly T[]): { no: number; row: T }[] {
  return rows.map((row, i) => ({ no: i + 1, row }));
}

export interface Copies {
  copiesRequired: number;
  copiesReceived: number;
}

/** Copies still owed (尚缺); never negative, a window may take more than asked. */
export const copiesShort = (m: Copies): number => Math.max(0, m.copiesRequired - m.copiesReceived);

export interface RemarkedMaterial {
  required: boolean;
  complete: boolean;
  deferredDue: string | null;
  receivedLaterOn: string | null;
}

/** The 备注 of a material on a receipt: deferred (and whether it came in since), complete, or missing. */
export function materialRemark(m: RemarkedMaterial): string {
  if (m.deferredDue) return `容缺，${chineseDate(m.deferredDue)}前补交${m.receivedLaterOn ? `（${chineseDate(m.receivedLaterOn)}已补交）` : ''}`;
  if (m.complete) return '已收齐';
  return m.required ? '未交齐' : '未提供';
}
