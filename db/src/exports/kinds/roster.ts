/**
 * 发放名册 (disbursement roster): one row per benefit paid in the month, with the full ID
 * number and bank account the payment needs, and a closing totals line.
 */
import type { Cell, Column, KindSpec } from '../layout';
import { PAID_IN_MONTH_SQL } from './monthly';
import { withheldInMonth } from './roster-withheld';
import { reissueNote } from '../../payments/reissues';

export const ROSTER_COLUMNS: readonly Column[] = [
  { name: '序号', type: 'integer' },
  { name: '发放月份', type: 'text' },
  { name: '姓名', type: 'text' },
  { name: '身份证号码', type: 'text' },
  { name: '开户银行', type: 'text' },
  { name: '银行账号', type: 'text' },
  { name: '发放金额（元）', type: 'amount' },
  { name: '事项编码', type: 'text' },
  { name: '事项名称', type: 'text' },
  { name: '办件编号', type: 'text' },
  // Version 2: why the amount is what it is from this month (an age-tier step, a review's
  // change, the first month), so the district sees the step with its reason.
  { name: '本月变动说明', type: 'text' },
];

interface RosterSqlRow {
  resident_id: number;
  name: string;
  id_number: string;
  bank_name: string | null;
  bank_account: string | null;
  amount_fen: number;
  item_code: string;
  item_name: string;
  case_no: string;
  change_reason: string | null;
}

/** The roster's rows of a month (`@month`); the benchmark reads it raw beside the export. */
export const ROSTER_SQL = `
SELECT p.resident_id, r.name, r.id_number, r.bank_name, r.bank_account, p.amount_fen, p.item_code,
       c.item_name, c.case_no,
       (SELECT ch.reason FROM beneficiary_changes ch
         WHERE ch.beneficiary_id = p.id AND ch.kind <> 'stop' AND ch.effective_month = @month
         ORDER BY ch.id DESC LIMIT 1) AS change_reason
  FROM (${PAID_IN_MONTH_SQL}) p
  JOIN residents r ON r.id = p.resident_id
  JOIN cases c ON c.id = p.case_id
 WHERE p.amount_fen IS NOT NULL
 ORDER BY p.item_code, p.id`;

/**
 * The month's 补发 rows (a failed payment confirmed for re-issue), listed after the regular
 * rows, with the bank account as it is now (the corrected one).
 */
export const ROSTER_REISSUE_SQL = `
SELECT b.resident_id, r.name, r.id_number, r.bank_name, r.bank_account, ri.amount_fen, b.item_code,
       c.item_name, c.case_no, ri.failed_month
  FROM payment_reissues ri
  JOIN beneficiaries b ON b.id = ri.beneficiary_id
  JOIN residents r ON r.id = b.resident_id
  JOIN cases c ON c.id = b.case_id
 WHERE ri.reissue_month = @month
 ORDER BY b.item_code, ri.id`;

export const rosterKind: KindSpec = {
  kind: 'roster',
  label: '发放名册',
  layoutVersion: 2,
  columns: ROSTER_COLUMNS,
  open(db, range) {
    const month = range.to;
    const people = new Set<number>();
    let count = 0;
    let totalFen = 0;
    // Two exclusive benefits of one person: the later one is left out and reported.
    const withheld = withheldInMonth(db, month);
    const iterator = db.prepare(ROSTER_SQL).iterate({ month }) as IterableIterator<RosterSqlRow>;
    function* rows(): Generator<Cell[]> {
      for (const r of iterator) {
        if (withheld.size && withheld.has(`${r.resident_id}|${r.item_code}`)) continue;
        count++;
        totalFen += r.amount_fen;
        people.add(r.resident_id);
        yield [count, month, r.name, r.id_number, r.bank_name, r.bank_account, r.amount_fen, r.item_code, r.item_name, r.case_no, r.change_reason];
      }
      for (const r of db.prepare(ROSTER_REISSUE_SQL).iterate({ month }) as IterableIterator<RosterSqlRow & { failed_month: string }>) {
        count++;
        totalFen += r.amount_fen;
        people.add(r.resident_id);
        yield [count, month, r.name, r.id_number, r.bank_name, r.bank_account, r.amount_fen, r.item_code, r.item_name, r.case_no, reissueNote(r.failed_month)];
      }
    }
    return {
      rows: rows(),
      // A person paid for two items is one person with two rows.
      totals: () => ['合计', month, `共${people.size}人`, null, null, null, totalFen, null, null, null, null],
      summary: () => ({
        totals: { people: people.size, rows: count, amount: (totalFen / 100).toFixed(2) },
        ...(withheld.size ? { withheld: [...withheld.values()].map((w) => ({ caseNo: w.caseNo, itemCode: w.itemCode, reason: w.reason })) } : {}),
      }),
    };
  },
};
