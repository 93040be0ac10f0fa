/**
 * No double payment for one purpose: two items the catalogue declares exclusive
 * (`cannotCombineWith`, read on both items, so one side's declaration is enough) are
 * never paid to one person for the same month. The approval is where money starts, so it
 * is refused there; the 发放名册 applies the same pairs to what is already recorded
 * (legacy data, or a benefit approved before the rule existed) and withholds the later one.
 */
import type Database from 'better-sqlite3';
import { currentItemVersions, getItemVersion, type ItemVersion } from '../catalogue/catalogue';
import { conflict } from '../kernel/errors';
import { prepared } from '../kernel/prepared';

/** Whether the two items exclude each other, by either item's current rules. */
export function excludes(db: Database.Database, item: Pick<ItemVersion, 'code' | 'cannotCombineWith'>, otherCode: string): boolean {
  if (otherCode === item.code) return false;
  if (item.cannotCombineWith.includes(otherCode)) return true;
  try {
    return getItemVersion(db, otherCode).cannotCombineWith.includes(item.code);
  } catch {
    return false; // a code no longer in the catalogue declares nothing
  }
}

/** Every exclusive pair of the current catalogue, each as `a|b` with a < b. */
export function exclusivePairs(db: Database.Database): Set<string> {
  const out = new Set<string>();
  for (const item of currentItemVersions(db)) {
    for (const other of item.cannotCombineWith) out.add(item.code < other ? `${item.code}|${other}` : `${other}|${item.code}`);
  }
  return out;
}

/** Items of the current catalogue exclusive with any of `codes` (never suggested to their holder). */
export function unsuitableItems(db: Database.Database, codes: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (codes.length === 0) return out;
  // One pass over the current versions (read once per intake and precheck): the exclusions
  // either side declares, without a version lookup per pair.
  const held = new Set(codes);
  for (const item of currentItemVersions(db)) {
    if (held.has(item.code)) {
      for (const other of item.cannotCombineWith) out.add(other);
    } else if (item.cannotCombineWith.some((c) => held.has(c))) out.add(item.code);
  }
  return out;
}

interface RunningRow {
  id: number;
  item_code: string;
  item_name: string;
  case_no: string;
  start_month: string;
  stop_month: string | null;
}

/**
 * Refuses the approval of `item` for a resident when the benefit it starts (from
 * `startMonth`, open-ended) would share a month with a benefit of an excluded item: one
 * not stopped, or stopped only after `startMonth`. The message names the other benefit and
 * the two ways out. Called inside the approval's transaction before anything is written.
 */
export function assertNotExcluded(db: Database.Database, item: ItemVersion, residentId: number, startMonth: string): void {
  const running = prepared<{ r: number; m: string }, RunningRow>(
    db,
    `SELECT b.id, b.item_code, c.item_name, c.case_no, b.start_month, b.stop_month
       FROM beneficiaries b JOIN cases c ON c.id = b.case_id
      WHERE b.resident_id = @r AND (b.stop_month IS NULL OR b.stop_month > @m)
      ORDER BY b.id`,
  ).all({ r: residentId, m: startMonth });
  const other = running.find((b) => excludes(db, item, b.item_code));
  if (!other) return;
  const stopping = other.stop_month !== null;
  const way = stopping
    ? `该待遇已定于 ${other.stop_month} 起停发，请将起始月份设为 ${other.stop_month} 或以后`
    : `请先办理${other.item_name}停发（经两人确认），再将起始月份设在其停发月份或以后`;
  throw conflict(
    `${item.name}与${other.item_name}不能同时享受：申请人正在享受${other.item_name}（办件 ${other.case_no}，自 ${other.start_month} 起${stopping ? `，至 ${other.stop_month} 停发` : ''}），不能自 ${startMonth} 起发放${item.name}。${way}`,
    {
      rule: 'cannot_combine',
      itemCode: other.item_code,
      itemName: other.item_name,
      caseNo: other.case_no,
      beneficiaryId: other.id,
      startMonth,
      stopMonth: other.stop_month,
    },
  );
}
