import type Database from 'better-sqlite3';
import type { Core } from '../../db/src/core';
import { shanghaiDate } from '../../db/src/calendar/dates';
import type { ItemVersion } from '../../db/src/catalogue/catalogue';
import { idCheckCharacter } from '../../db/src/shared/id-number';
import { acceptInput } from '../../db/src/demo/intake-input';

/**
 * The write the crash soak repeats, and how to find it again: a case taken in through
 * cases.intake (case, materials, case number, timeline and audit row in one transaction),
 * as a counter clerk accepts a complete application. Each writer registers a resident,
 * then takes in one case per item of ITEMS for that resident (a second open case of the
 * same item would be refused), and registers the next resident after that. The ack line
 * names the case id and its case number.
 */

/** Items accepted at the window for one person, none household-based. */
export const ITEMS = ['RS-SYDJ-001', 'RS-ZYPX-001', 'RS-JYKN-001', 'MZ-JJYL-001', 'YB-CHXP-001', 'CL-SHBT-001', 'MZ-LNJT-001', 'MZ-LNRT-001'];

/** A valid identity number for write `i` of run `run`, never repeated across runs (up to 100 000 writes a run). */
export function syntheticIdNumber(run: number, i: number): string {
  const seq = run * 100_000 + i;
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(seq / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `310101${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

const definitions = new Map<string, ItemVersion>();
const residentOfRun = new Map<number, number>();

async function call<T>(core: Pick<Core, 'dispatch'>, token: string, name: string, input: unknown): Promise<T> {
  const res = await core.dispatch(name, input, token);
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.result as T;
}

/** Dispatches one write and returns what the ack line carries: the case id and its case number. */
export async function writeOne(core: Pick<Core, 'dispatch'>, token: string, run: number, i: number): Promise<string> {
  const code = ITEMS[i % ITEMS.length]!;
  let item = definitions.get(code);
  if (!item) definitions.set(code, (item = await call<ItemVersion>(core, token, 'catalogue.get', { code })));
  if (i % ITEMS.length === 0 || !residentOfRun.has(run)) {
    const resident = await call<{ id: number }>(core, token, 'residents.register', { idNumber: syntheticIdNumber(run, i), name: `压测${run}-${i}` });
    residentOfRun.set(run, resident.id);
  }
  const input = acceptInput(item, residentOfRun.get(run)!, `crash-${run}-${i}-${code}`, shanghaiDate(new Date()), i);
  const out = await call<{ case: { id: number; caseNo: string } }>(core, token, 'cases.intake', input);
  return `${out.case.id} ${out.case.caseNo}`;
}

/** Whether the write an ack line reported is in the database. */
export function isPresent(db: Database.Database, ack: string): boolean {
  const [id, caseNo] = ack.split(' ');
  return db.prepare('SELECT 1 FROM cases WHERE id = ? AND case_no = ?').get(Number(id), caseNo) !== undefined;
}

/** The records the soak counts at the end. */
export function countRows(db: Database.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
}
