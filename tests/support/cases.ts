import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { currentHouseholdSnapshot } from '../../db/src/households/households';
import { makeId } from './ids';
import type { HandlerInput } from '../../db/src/contract';
import { ADMIN, personHelpers, testClock, testCore, withPeople } from './temp';

type IntakeInput = HandlerInput<'cases.intake'>;
type TransitionInput = HandlerInput<'cases.transition'>;

/**
 * A core with people in every role the cases feature knows, a movable Shanghai clock and
 * helpers to register residents and take cases in.
 *   li, zhao: clerks · wang, chen: reviewers · both: clerk and reviewer · admin
 */
export async function caseWorld(start = '2026-03-02T09:00:00+08:00') {
  const clock = testClock(start);
  const core = testCore({ now: clock.now });
  const people = await withPeople(core, { li: ['clerk'], zhao: ['clerk'], wang: ['reviewer'], chen: ['reviewer'], both: ['clerk', 'reviewer'] });
  const tokens = people.tokens;
  // The clock moves by days in these tests, past the idle timeout: sign in again when a
  // session has lapsed, as the person at the counter would.
  async function call(user: string, name: string, input: unknown) {
    let res = await core.dispatch(name, input, tokens[user]!);
    if (!res.ok && res.error.code === 'UNAUTHENTICATED') {
      tokens[user] = await core.login(user, user === 'admin' ? ADMIN.password : `${user}-pass-1`);
      res = await core.dispatch(name, input, tokens[user]!);
    }
    return res;
  }
  const { as, asErr, asRaw, asErrRaw } = personHelpers(call);
  let seq = 0;

  /** Registers a resident; odd sequence numbers are male, even female (GB 11643). */
  async function resident(name: string, opts: { birth?: string; sex?: 'male' | 'female' } = {}): Promise<number> {
    seq += 1;
    if ((opts.sex === 'female') !== (seq % 2 === 0)) seq += 1;
    return (await as('li', 'residents.register', { idNumber: makeId(seq, opts.birth ?? '19800101'), name })).id;
  }

  async function household(head: number, members: { id: number; relation: HandlerInput<'households.addMember'>['relation'] }[] = []): Promise<number> {
    const h = await as('li', 'households.create', { headResidentId: head, address: '长乐路 1 弄 2 号' });
    for (const m of members) await as('li', 'households.addMember', { householdId: h.id, residentId: m.id, relation: m.relation });
    return h.id;
  }

  /** Every required material with the copies the item asks for. */
  function fullMaterials(itemCode: string, except: string[] = []) {
    return getItemVersion(core.db, itemCode)
      .materials.filter((m) => m.required && !except.includes(m.key))
      .map((m) => ({ key: m.key, copies: m.copies }));
  }

  /**
   * 低保 means for every current member of the applicant's household: the incomes given in
   * the household's order, 400 元 a month each otherwise (below the standard), no assets.
   */
  function householdMeans(residentId: number, incomes: readonly number[] = []) {
    const h = currentHouseholdSnapshot(core.db, residentId);
    if (!h) throw new Error(`resident ${residentId} has no household`);
    return { members: h.members.map((m, i) => ({ residentId: m.residentId, monthlyIncome: incomes[i] ?? 400, assets: 0 })) };
  }

  const setDay = (date: string, time = '09:00:00') => clock.set(`${date}T${time}+08:00`);

  /** Takes a case in, accepted with every required material unless `input` says otherwise. */
  async function intake(input: Pick<IntakeInput, 'residentId' | 'itemCode'> & Partial<IntakeInput>, user = 'li') {
    return as(user, 'cases.intake', {
      idempotencyKey: randomUUID(),
      decision: 'accept',
      materials: fullMaterials(input.itemCode),
      ...input,
    });
  }

  async function transition(user: string, caseId: number, action: TransitionInput['action'], extra: Partial<TransitionInput> = {}) {
    return as(user, 'cases.transition', { caseId, action, opinion: `${action}：情况属实`, ...extra });
  }

  /**
   * Saves a new version of a district-decided item that the centre decides itself: for tests
   * of the centre's own decision rules (the 低保 means test, exclusions, four eyes on 审批)
   * that are about the rule, not about who decides. Cases taken in afterwards use it.
   */
  async function centreDecides(code: string) {
    const { version: _v, savedAt: _s, ...definition } = getItemVersion(core.db, code);
    return as('admin', 'catalogue.save', { definition: centreDecided(definition) });
  }

  const row = (caseId: number) => core.db.prepare('SELECT * FROM cases WHERE id = ?').get(caseId) as Record<string, unknown>;
  const eventCount = (caseId: number) => (core.db.prepare('SELECT count(*) AS n FROM case_events WHERE case_id = ?').get(caseId) as { n: number }).n;

  async function expectVerified() {
    const v = await as('admin', 'audit.verify', {});
    expect(v.ok).toBe(true);
  }

  return { core, clock, setDay, centreDecides, householdMeans, as, asErr, asRaw, asErrRaw, resident, household, fullMaterials, intake, transition, row, eventCount, expectVerified, tokens };
}

/**
 * A definition as the centre would decide it itself: its 待区级审核确认 stage becomes the
 * centre's 审批 (key 'approval'), without the district's time limit.
 */
export function centreDecided<D extends { decidedBy?: string | undefined; districtTimeLimitDays?: number | undefined; stages: { key: string; name: string; kind: string }[] }>(d: D): D {
  const { districtTimeLimitDays: _d, ...rest } = d;
  return {
    ...rest,
    decidedBy: 'centre',
    stages: d.stages.map((s) => (s.kind === 'district' ? { key: 'approval', name: '审批', kind: 'approval' } : s)),
  } as D;
}

/** The values each item's form needs, valid. */
export const VALUES: Record<string, Record<string, unknown>> = {
  'MZ-DB-001': { housing: '公房租赁', hasVehicle: false, reason: '夫妻二人均无业，收入低于低保标准' },
  'MZ-TK-001': { category: '老年人', careMode: '分散供养', selfCare: '部分失能' },
  'MZ-LSJZ-001': { cause: 'fire', eventDate: '2026-02-20', expenses: 5000, urgent: false, description: '家中失火，生活用品损毁' },
  'MZ-LNJT-001': { accountBank: '上海银行' },
  'MZ-GLYY-001': {},
  'MZ-YLJG-001': { careGrade: '四级', preferredHome: '第一社会福利院', guardianName: '张小明', guardianPhone: '13800138000' },
  'MZ-LNRT-001': { centre: '长者照护之家', daysPerWeek: 5, needsTransport: true, emergencyContact: '张小明 13800138000' },
  'RS-SYDJ-001': { unemployedSince: '2026-01-31', education: '本科' },
  'RS-CYFC-001': { businessName: '小张便利店', creditCode: '92310101MA1234567X', registeredOn: '2026-01-10', employees: 2, supportType: '一次性创业补贴' },
  'RS-LHJY-001': { jobType: '网约车驾驶员', registeredOn: '2026-01-05', monthlyContribution: 1800 },
  'RS-QNJY-001': { unemployedMonths: 14, education: '大专', serviceWanted: '就业见习' },
  'CL-SHBT-001': { disabilityType: '肢体', disabilityGrade: '二级', disabilityCertNo: '31010119800101001X' },
};
