/**
 * The 发放名册 never pays two exclusive items (beneficiaries/exclusions.ts) to one person for
 * one month. Approval refuses such an overlap, but a benefit recorded before the rule (or
 * legacy data) may still overlap: the roster lists the benefit approved first and withholds
 * the other, and says so in its summary, because money silently left out is as wrong as
 * money paid twice.
 *
 * Found before the roster's rows are streamed, from the exclusive pairs only: one join per
 * pair over the month's paid benefits of those two items, so the roster's own query stays
 * the plain scan the benchmark measures.
 */
import type Database from 'better-sqlite3';
import { exclusivePairs } from '../../beneficiaries/exclusions';

export interface WithheldRow {
  caseNo: string;
  itemCode: string;
  itemName: string;
  /** the benefit listed instead */
  keptCaseNo: string;
  keptItemCode: string;
  reason: string;
  /** the month's amount left out, so that the 月报 counts what the roster pays */
  amountFen: number;
}

const paidIn = (t: string) => `${t}.start_month <= @month AND (${t}.stop_month IS NULL OR ${t}.stop_month > @month)`;

interface PaidRow {
  id: number;
  resident_id: number;
  item_code: string;
  item_name: string;
  case_no: string;
  amount_fen: number | null;
}

/**
 * The benefits left out of `month`'s roster, keyed `residentId|itemCode` for the streaming
 * loop, in the order found.
 */
export function withheldInMonth(db: Database.Database, month: string): Map<string, WithheldRow> {
  const out = new Map<string, WithheldRow>();
  const pairs = [...exclusivePairs(db)].map((p) => p.split('|') as [string, string]);
  if (pairs.length === 0) return out;
  const residents = new Set<number>();
  const overlapping = db.prepare(
    `SELECT DISTINCT a.resident_id FROM beneficiaries a
       JOIN beneficiaries b ON b.resident_id = a.resident_id AND b.item_code = @b AND ${paidIn('b')}
      WHERE a.item_code = @a AND ${paidIn('a')}`,
  );
  // Driven by the item with fewer beneficiaries (an index count): each of its rows is read
  // for its months, the other side only looked up per resident. 低保 against 特困 walked
  // every 低保 benefit otherwise, most of the 月报's (and the centre overview's) time.
  const size = db.prepare('SELECT count(*) FROM beneficiaries WHERE item_code = ?').pluck();
  for (const [x, y] of pairs) {
    const [a, b] = (size.get(x) as number) <= (size.get(y) as number) ? [x, y] : [y, x];
    for (const r of overlapping.all({ a, b, month }) as { resident_id: number }[]) residents.add(r.resident_id);
  }
  if (residents.size === 0) return out;

  const codes = new Set(pairs.flat());
  const excluded = (x: string, y: string) => pairs.some(([a, b]) => (a === x && b === y) || (a === y && b === x));
  // Approved first: the earlier decision day, then the earlier record.
  const paidOf = db.prepare(
    `SELECT b.id, b.resident_id, b.item_code, c.item_name, c.case_no,
            (SELECT ch.amount_fen FROM beneficiary_changes ch
              WHERE ch.beneficiary_id = b.id AND ch.kind <> 'stop' AND ch.effective_month <= @month
              ORDER BY ch.effective_month DESC, ch.id DESC LIMIT 1) AS amount_fen
       FROM beneficiaries b JOIN cases c ON c.id = b.case_id
      WHERE b.resident_id = @residentId AND ${paidIn('b')}
      ORDER BY coalesce(c.completed_on, c.received_on), b.id`,
  );
  for (const residentId of [...residents].sort((x, y) => x - y)) {
    const kept: PaidRow[] = [];
    for (const row of paidOf.all({ residentId, month }) as PaidRow[]) {
      if (row.amount_fen === null) continue; // not on the roster at all
      const clash = codes.has(row.item_code) ? kept.find((k) => excluded(k.item_code, row.item_code)) : undefined;
      if (!clash) {
        kept.push(row);
        continue;
      }
      out.set(`${row.resident_id}|${row.item_code}`, {
        caseNo: row.case_no,
        itemCode: row.item_code,
        itemName: row.item_name,
        keptCaseNo: clash.case_no,
        keptItemCode: clash.item_code,
        amountFen: row.amount_fen,
        reason: `${row.item_name}与${clash.item_name}不能同时享受：本月只发放先批准的${clash.item_name}（办件 ${clash.case_no}），${row.item_name}（办件 ${row.case_no}）未列入名册，请核实后办理停发`,
      });
    }
  }
  return out;
}
