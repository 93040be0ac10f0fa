/**
 * A database built through the handlers on a clock set back `monthsAgo` months, with an
 * administrator, a clerk and two reviewers (rev1 does the 初审, rev2 approves), in which one
 * resident's case of `itemCode` is taken in and approved: screens that need a benefit with
 * history (annual review due, a bank return of a past month) start from it, handed to the
 * real host with `startApp((dbPath) => copyFileSync(path, dbPath))`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../../db/src/core';
import { makeId } from '../../support/ids';
import { ADMIN } from './app';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** YYYY-MM of the month `n` months from this one (Shanghai). */
export function monthFromNow(n: number): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1)).toISOString().slice(0, 7);
}

export interface ApprovedBenefitSpec {
  monthsAgo: number;
  resident: { idNumber: string; name: string };
  itemCode: string;
  values: Record<string, unknown>;
  /** material keys handed in, one copy each unless the item asks for more */
  materials: (core: ReturnType<typeof openCore>) => { key: string; copies: number }[];
  advanceOpinion: string;
  idempotencyKey: string;
}

export async function databaseWithApprovedBenefit(spec: ApprovedBenefitSpec): Promise<{ path: string; caseNo: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'onewindow-benefit-')), 'prepared.sqlite');
  const core = openCore({ dbPath: path, logger: quiet, now: () => new Date(`${monthFromNow(-spec.monthsAgo)}-15T10:00:00+08:00`) });
  const call = async (name: string, input: unknown, token?: string) => {
    const res = await core.dispatch(name, input, token ?? null);
    if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
    return res.result as any;
  };
  try {
    await call('accounts.setup', ADMIN);
    const admin = await core.login(ADMIN.username, ADMIN.password);
    const people = [
      ['clerk1', '李受理', ['clerk'], 301],
      ['rev1', '陈复核', ['reviewer'], 302],
      ['rev2', '赵审批', ['reviewer'], 303],
    ] as const;
    const token: Record<string, string> = {};
    for (const [username, displayName, roles, seq] of people) {
      await call('accounts.create', { username, password: `${username}-pass-1`, displayName, staffIdNumber: makeId(seq, '19850505', '310104'), roles }, admin);
      token[username] = await core.login(username, `${username}-pass-1`);
    }
    const resident = await call('residents.register', spec.resident, token.clerk1);
    const intake = await call(
      'cases.intake',
      { residentId: resident.id, itemCode: spec.itemCode, values: spec.values, materials: spec.materials(core), decision: 'accept', idempotencyKey: spec.idempotencyKey },
      token.clerk1,
    );
    await call('cases.transition', { caseId: intake.case.id, action: 'advance', opinion: spec.advanceOpinion }, token.rev1);
    await call('cases.transition', { caseId: intake.case.id, action: 'approve', opinion: '同意' }, token.rev2);
    return { path, caseNo: intake.case.caseNo };
  } finally {
    core.close();
  }
}
