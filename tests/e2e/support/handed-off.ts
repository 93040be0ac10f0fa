/**
 * A database built through the handlers on a clock set back five weeks, with an
 * administrator, a clerk and a reviewer, in which one 特困 case (decided by the 区民政局) has
 * gone through its centre stages and 公示 and was handed off to the district two weeks ago,
 * waiting for the decision file. Handed to the real host with
 * `startApp((dbPath) => copyFileSync(path, dbPath))`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getItemVersion } from '../../../db/src/catalogue/catalogue';
import { openCore } from '../../../db/src/core';
import { shanghaiDate } from '../../../db/src/shared/china-time';
import { handOffIn } from '../../support/handoff';
import { makeId } from '../../support/ids';
import { ADMIN } from './app';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const DAY = 86_400_000;

export async function databaseWithHandedOffCase(resident: { idNumber: string; name: string }): Promise<{ path: string; caseNo: string; caseId: number }> {
  const path = join(mkdtempSync(join(tmpdir(), 'onewindow-handed-off-')), 'prepared.sqlite');
  let now = new Date(Date.now() - 35 * DAY);
  const core = openCore({ dbPath: path, logger: quiet, now: () => now });
  const call = async (name: string, input: unknown, token?: string) => {
    const res = await core.dispatch(name, input, token ?? null);
    if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
    return res.result as any;
  };
  try {
    await call('accounts.setup', ADMIN);
    const admin = await core.login(ADMIN.username, ADMIN.password);
    const token: Record<string, string> = {};
    for (const [username, displayName, roles, seq] of [
      ['clerk1', '李受理', ['clerk'], 311],
      ['rev1', '陈复核', ['reviewer'], 312],
    ] as const) {
      await call('accounts.create', { username, password: `${username}-pass-1`, displayName, staffIdNumber: makeId(seq, '19850505', '310104'), roles }, admin);
      token[username] = await core.login(username, `${username}-pass-1`);
    }
    const { id: residentId } = await call('residents.register', resident, token.clerk1);
    const materials = getItemVersion(core.db, 'MZ-TK-001').materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies }));
    const { case: c } = await call(
      'cases.intake',
      { residentId, itemCode: 'MZ-TK-001', values: { category: '老年人', careMode: '分散供养', selfCare: '部分失能' }, materials, decision: 'accept', idempotencyKey: 'handed-off-spec-1' },
      token.clerk1,
    );
    for (let i = 0; i < 6; i++) {
      const row = core.db.prepare('SELECT stage, posting_ends_on FROM cases WHERE id = ?').get(c.id) as { stage: string; posting_ends_on: string | null };
      if (row.stage === 'district') break;
      if (row.posting_ends_on) {
        now = new Date(`${row.posting_ends_on}T10:00:00+08:00`);
        // a week later the session has lapsed, as the reviewer's would
        token.rev1 = await core.login('rev1', 'rev1-pass-1');
      }
      await call('cases.transition', { caseId: c.id, action: 'advance', opinion: '情况属实' }, token.rev1);
    }
    handOffIn(core.db, [c.id], shanghaiDate(new Date(Date.now() - 14 * DAY)));
    return { path, caseNo: c.caseNo, caseId: c.id };
  } finally {
    core.close();
  }
}
