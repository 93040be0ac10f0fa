/**
 * The audit rows of the generated history: collected per day while the cases are played
 * out (a case writes rows on later days too), then numbered and chained in time order.
 *
 * Each row's hash is what rowHash (db/src/kernel/audit-chain.ts) computes and audit.verify checks:
 * SHA-256 of the previous hash, '\n', and canonicalJson of the row's columns. That JSON, an
 * array of numbers, strings and nulls, is exactly JSON.stringify of the array; hashing it
 * with one crypto.hash call rather than a Hash object per row halves the hashing cost.
 */
import { hash } from 'node:crypto';
import { GENESIS_HASH } from '../kernel/audit-chain';

export interface AuditEntry {
  at: string;
  actorId: number | null;
  actorName: string | null;
  handler: string;
  action: string;
  recordType: string | null;
  recordId: string | null;
  /** canonical JSON (keys sorted) or null */
  before: string | null;
  after: string | null;
  detail: string | null;
}

const rowHash = (prevHash: string, id: number, e: AuditEntry) =>
  hash('sha256', `${prevHash}\n${JSON.stringify([id, e.at, e.actorId, e.actorName, e.handler, e.action, e.recordType, e.recordId, e.before, e.after, e.detail])}`, 'hex');

export class AuditTrail {
  private readonly days = new Map<number, AuditEntry[]>();
  private lastId = 0;
  private lastHash = GENESIS_HASH;

  /** `check` (tests) sees every JSON column before it is kept. */
  constructor(private readonly check?: (json: string) => void) {}

  add(day: number, e: AuditEntry): void {
    if (this.check) for (const s of [e.before, e.after, e.detail]) if (s !== null) this.check(s);
    let list = this.days.get(day);
    if (!list) this.days.set(day, (list = []));
    list.push(e);
  }

  /**
   * Numbers and chains the rows of every day up to `throughDay` into `out` (audit_log
   * values). The caller adds no row for those days afterwards.
   */
  flush(throughDay: number, out: unknown[]): void {
    const due: number[] = [];
    for (const d of this.days.keys()) if (d <= throughDay) due.push(d);
    due.sort((a, b) => a - b);
    for (const d of due) {
      const list = this.days.get(d)!;
      this.days.delete(d);
      list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      for (const e of list) {
        const id = ++this.lastId;
        const prev = this.lastHash;
        this.lastHash = rowHash(prev, id, e);
        out.push(id, e.at, e.actorId, e.actorName, e.handler, e.action, e.recordType, e.recordId, e.before, e.after, e.detail, prev, this.lastHash);
      }
    }
  }

  get rows(): number {
    return this.lastId;
  }

  get head(): string {
    return this.lastHash;
  }
}
