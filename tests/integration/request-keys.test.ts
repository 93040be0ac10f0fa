import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';
import { REQUEST_KEY_INVALID } from '../../db/src/kernel/answered-requests';
import { testCore, withPeople } from '../support/temp';

const SYDJ = 'RS-SYDJ-001';
const DB = 'MZ-DB-001';

async function world() {
  const w = await caseWorld('2026-03-02T09:00:00+08:00');
  const count = (sql: string) => (w.core.db.prepare(sql).get() as { n: number }).n;
  /** a call as `user` carrying `requestKey`, as a host passes the header on */
  const keyed = (user: string, name: string, input: unknown, requestKey: string) => w.core.dispatch(name, input, w.tokens[user]!, { requestKey });
  const intakeInput = (residentId: number) => ({ residentId, itemCode: SYDJ, values: VALUES[SYDJ], idempotencyKey: randomUUID(), decision: 'accept', materials: w.fullMaterials(SYDJ) });
  return { ...w, count, keyed, intakeInput };
}

describe('request keys: a retried write is answered from the table, never run twice', () => {
  it('the same key twice: one case, one transition, the same answer, no second audit row', async () => {
    const w = await world();
    const resident = await w.resident('张三');
    const key = randomUUID();
    const input = w.intakeInput(resident);
    const first = await w.keyed('li', 'cases.intake', input, key);
    expect(first.ok).toBe(true);
    const audits = w.count('SELECT count(*) AS n FROM audit_log');
    const again = await w.keyed('li', 'cases.intake', input, key);
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(w.count('SELECT count(*) AS n FROM cases')).toBe(1);
    // Not even the intake's own replay ran (it would have audited 'intake_replayed').
    expect(w.count('SELECT count(*) AS n FROM audit_log')).toBe(audits);

    // A transition has no key of its own: run twice it would be refused (or go a step further).
    const head = await w.resident('李四');
    await w.household(head);
    const dibao = (await w.intake({ residentId: head, itemCode: DB, values: VALUES[DB], materials: w.fullMaterials(DB), means: w.householdMeans(head) })).case;
    const events = w.eventCount(dibao.id);
    const tKey = randomUUID();
    const step = { caseId: dibao.id, action: 'advance', opinion: '材料齐全，同意受理' };
    const advanced = await w.keyed('wang', 'cases.transition', step, tKey);
    expect(advanced.ok).toBe(true);
    const retried = await w.keyed('wang', 'cases.transition', step, tKey);
    expect(retried).toEqual(JSON.parse(JSON.stringify(advanced)));
    expect(w.eventCount(dibao.id)).toBe(events + 1);
    expect(w.count('SELECT count(*) AS n FROM answered_requests')).toBe(2);
    await w.expectVerified();
  });

  it('a key reused for another handler or by another person is a CONFLICT, and changes nothing', async () => {
    const w = await world();
    const resident = await w.resident('张三');
    const key = randomUUID();
    expect((await w.keyed('li', 'cases.intake', w.intakeInput(resident), key)).ok).toBe(true);
    const audits = w.count('SELECT count(*) AS n FROM audit_log');

    const other = await w.keyed('li', 'residents.register', { idNumber: '110101199003070011', name: '王五' }, key);
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '此请求编号已用于另一项操作，不能用于本操作：请重新提交（客户端应为每项操作生成新的编号）', details: { reason: 'request_key_reused' } } });
    const byZhao = await w.keyed('zhao', 'cases.intake', w.intakeInput(resident), key);
    expect(byZhao).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '此请求编号已由其他设备或其他人员使用，不能重复使用：请重新提交', details: { reason: 'request_key_other_caller' } } });
    expect(w.count('SELECT count(*) AS n FROM cases')).toBe(1);
    expect(w.count('SELECT count(*) AS n FROM residents')).toBe(1);
    expect(w.count('SELECT count(*) AS n FROM audit_log')).toBe(audits);
  });

  it('a refused call stores nothing: its retry runs', async () => {
    const w = await world();
    const key = randomUUID();
    const missing = await w.keyed('li', 'cases.intake', w.intakeInput(999), key);
    expect(missing.ok).toBe(false);
    expect(w.count('SELECT count(*) AS n FROM answered_requests')).toBe(0);
    const resident = await w.resident('张三');
    const retried = await w.keyed('li', 'cases.intake', w.intakeInput(resident), key);
    expect(retried.ok).toBe(true);
    expect(w.count('SELECT count(*) AS n FROM cases')).toBe(1);
  });

  it('checks the key’s shape for writes; reads ignore the key', async () => {
    const w = await world();
    const resident = await w.resident('张三');
    for (const bad of ['short', 'x'.repeat(101), '带中文的请求编号abc', 'has space 123']) {
      const res = await w.keyed('li', 'cases.intake', w.intakeInput(resident), bad);
      expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: REQUEST_KEY_INVALID, fields: [{ path: 'requestKey' }] } });
    }
    expect(w.count('SELECT count(*) AS n FROM cases')).toBe(0);
    expect((await w.keyed('li', 'residents.get', { id: resident }, 'short')).ok).toBe(true);
    const key = randomUUID();
    expect((await w.keyed('li', 'residents.get', { id: resident }, key)).ok).toBe(true);
    expect(w.count('SELECT count(*) AS n FROM answered_requests')).toBe(0);
  });

  it('answers are kept a day: older ones go with a later write', async () => {
    const w = await world();
    const first = await w.resident('张三');
    const oldKey = randomUUID();
    expect((await w.keyed('li', 'cases.intake', w.intakeInput(first), oldKey)).ok).toBe(true);
    w.clock.set('2026-03-03T09:30:00+08:00');
    w.tokens.li = await w.core.login('li', 'li-pass-1');
    const second = await w.resident('李四');
    expect((await w.keyed('li', 'cases.intake', w.intakeInput(second), randomUUID())).ok).toBe(true);
    expect(w.core.db.prepare('SELECT request_key FROM answered_requests').all()).toHaveLength(1);
    expect(w.core.db.prepare('SELECT 1 FROM answered_requests WHERE request_key = ?').get(oldKey)).toBeUndefined();
  });
});

describe('request keys and secrets', () => {
  it('a pairing code is never stored as an answer: its retry makes a new code', async () => {
    const core = testCore({ centre: { fingerprint: 'AA', caFingerprint: 'BB' } });
    const { tokens } = await withPeople(core);
    const key = randomUUID();
    const first = await core.dispatch('devices.createPairingCode', { name: '1号窗口' }, tokens.admin!, { requestKey: key });
    const again = await core.dispatch('devices.createPairingCode', { name: '1号窗口' }, tokens.admin!, { requestKey: key });
    expect(first.ok && again.ok).toBe(true);
    expect((again as { result: { code: string } }).result.code).not.toBe((first as { result: { code: string } }).result.code);
    expect(core.db.prepare('SELECT count(*) AS n FROM answered_requests').get()).toEqual({ n: 0 });
  });
});
