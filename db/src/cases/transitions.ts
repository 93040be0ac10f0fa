/**
 * The state machine of a case, built from its item version's stages.
 *
 *   待补正 waiting_materials ──supplyMaterials (complete)──► in_progress @ stage 1
 *   in_progress @ stage i ──advance──► in_progress @ stage i+1      (i not the approval stage)
 *   in_progress @ approval ──approve──► approved   (recurring item → beneficiary)
 *                          └─reject───► not_approved
 *   in_progress @ district (待区级审核确认, an item another authority decides): handed off in a
 *     移交 package (handoff.ts), closed only by that authority's decision imported from its file
 *   in_progress ──extend (once, item.extensionDays > 0)──► in_progress, due + extension
 *   waiting_materials | in_progress ──withdraw──► withdrawn   (the applicant's request)
 *                                  └─terminate─► terminated  (e.g. a 容缺 material never came)
 *   approved, not_approved, withdrawn, terminated, refused: final, nothing is allowed.
 *
 * Leaving a 公示 (posting) stage is allowed from its earliest end day on (deadlines.ts).
 *
 * Who may do what (checked after the handler's own role check):
 *   advance, approve, reject, extend, terminate: reviewer (审核审批)
 *   withdraw: clerk or reviewer (recorded at the window on the applicant's request)
 *   approve / reject: never the person who accepted the case (four eyes, 审批人不能是受理人),
 *     nor anyone who took an earlier step on it (审核 and 审批 are different people)
 * Every transition records its opinion (required), the person and the time.
 */
import type Database from 'better-sqlite3';
import { isSamePerson } from '../accounts/persons';
import type { ItemVersion } from '../catalogue/catalogue';
import { prepared } from '../kernel/prepared';
import { CENTRE, type Stage } from '../catalogue/definition';
import { validateFormValues, type FormValues } from '../catalogue/form-values';
import { workingCalendar } from '../calendar/working-days';
import type { Ctx, PersonRole, Session } from '../kernel/handler';
import { roleName } from '../kernel/dispatch';
import { conflict, forbidden, validationError } from '../kernel/errors';
import { startBenefit, type BeneficiaryRow } from '../beneficiaries/beneficiaries';
import { requireResidentRow } from '../residents/residents';
import { refuseApprovalForInactive } from '../residents/status';
import { meansTestAtApproval } from '../means/means-test';
import { dueDate, postingEndsOn } from './deadlines';
import { assertNoAwaitedMaterial } from './deferred-approval';
import { addEvent, getCaseRow, today, updateCase, type CaseRow } from './store';
import { ACTION_LABELS, STATUS_LABELS, type CaseStatus, type TransitionAction } from '../shared/vocabulary';

export const ACTION_ROLES: Record<TransitionAction, readonly PersonRole[]> = {
  advance: ['reviewer'],
  approve: ['reviewer'],
  reject: ['reviewer'],
  extend: ['reviewer'],
  terminate: ['reviewer'],
  withdraw: ['clerk', 'reviewer'],
};

export const FOUR_EYES_RULE = '审批人不能是受理人';
export const FINAL_DECISION_RULE = '审批须由未参与本案前序环节的人员办理';

export function stageOf(item: ItemVersion, key: string | null): { stage: Stage; index: number } | null {
  if (key === null) return null;
  const index = item.stages.findIndex((s) => s.key === key);
  return index < 0 ? null : { stage: item.stages[index]!, index };
}

/** The actions the case's state allows on `today`, whoever asks. */
export function stateActions(row: CaseRow, item: ItemVersion, day: string): TransitionAction[] {
  if (row.status === 'waiting_materials') return ['withdraw', 'terminate'];
  if (row.status !== 'in_progress') return [];
  const current = stageOf(item, row.stage);
  // 待区级审核确认: the decision is the authority's and comes back as a file (decisions.import);
  // the applicant may still withdraw, which the next hand-off package reports.
  if (current?.stage.kind === 'district') return ['withdraw'];
  const out: TransitionAction[] = [];
  if (current?.stage.kind === 'approval') out.push('approve', 'reject');
  else if (!(row.posting_ends_on !== null && day < row.posting_ends_on)) out.push('advance');
  if (item.extensionDays > 0 && row.extension_days === 0) out.push('extend');
  out.push('withdraw', 'terminate');
  return out;
}

const acceptedBy = (db: Database.Database, row: CaseRow, userId: number) => isSamePerson(db, userId, [row.clerk_id, row.accepted_by]);

/**
 * Whether the person took a step on the case before its current stage: took it in, received
 * its materials, completed an earlier stage or extended the limit there. Such a person may
 * not take the final decision (审核 and 审批 are different people).
 */
export function tookEarlierStep(db: Database.Database, row: CaseRow, userId: number): boolean {
  if (acceptedBy(db, row, userId)) return true;
  const actors = prepared(
    db,
    `SELECT DISTINCT actor_id FROM case_events
      WHERE case_id = @caseId AND (action IN ('intake', 'supply', 'advance') OR (action = 'extend' AND from_stage IS NOT @stage))`,
  ).all({ caseId: row.id, stage: row.stage }) as { actor_id: number }[];
  return isSamePerson(db, userId, actors.map((a) => a.actor_id));
}

export interface AllowedAction {
  action: TransitionAction;
  label: string;
  /** the stage an `advance` leads to */
  nextStage: { key: string; name: string } | null;
}

/** What the signed-in person may do next: the state's actions filtered by role and four eyes. */
export function callerActions(db: Database.Database, row: CaseRow, item: ItemVersion, day: string, session: Session): AllowedAction[] {
  const decides = (a: TransitionAction) => a === 'approve' || a === 'reject';
  const barred = stateActions(row, item, day).some(decides) && tookEarlierStep(db, row, session.userId);
  return stateActions(row, item, day)
    .filter((a) => ACTION_ROLES[a].some((r) => session.roles.includes(r)))
    .filter((a) => !(decides(a) && barred))
    .map((a) => {
      const next = a === 'advance' ? item.stages[(stageOf(item, row.stage)?.index ?? -1) + 1] : undefined;
      return { action: a, label: ACTION_LABELS[a], nextStage: next ? { key: next.key, name: next.name } : null };
    });
}

/** Columns for entering stage `index` on `day`: a 公示 stops the clock from that day. */
export function enterStage(item: ItemVersion, index: number, day: string): Pick<CaseRow, 'stage' | 'paused_since' | 'posting_ends_on'> {
  const stage = item.stages[index]!;
  if (stage.kind === 'posting') return { stage: stage.key, paused_since: day, posting_ends_on: postingEndsOn(day, stage.minDays ?? 0) };
  return { stage: stage.key, paused_since: null, posting_ends_on: null };
}

/** Columns for starting the clock on `day` (acceptance at the window or after 补正). */
export function startClock(ctx: Ctx, item: ItemVersion, day: string): Pick<CaseRow, 'status' | 'accepted_on' | 'accepted_by' | 'due_on' | 'stage' | 'paused_since' | 'posting_ends_on'> {
  const cal = workingCalendar(ctx.db);
  return {
    status: 'in_progress',
    accepted_on: day,
    accepted_by: ctx.session!.userId,
    due_on: dueDate(cal, day, item.timeLimitDays, 0, 0),
    ...enterStage(item, 0, day),
  };
}

export interface TransitionInput {
  action: TransitionAction;
  opinion: string;
  /** the stage the person saw; a different current stage means someone acted meanwhile */
  stage?: string | undefined;
  /** form values filled in during review (e.g. 核定金额, 评估等级) */
  values?: Record<string, unknown> | undefined;
  monthlyAmount?: number | undefined;
  startMonth?: string | undefined;
}

export interface TransitionResult {
  before: CaseRow;
  after: CaseRow;
  beneficiary: BeneficiaryRow | null;
}

function illegal(row: CaseRow, item: ItemVersion, day: string, action: TransitionAction, expectedStage?: string): never {
  const current = stageOf(item, row.stage);
  const allowed = stateActions(row, item, day);
  const why =
    action === 'advance' && row.posting_ends_on !== null && day < row.posting_ends_on
      ? `公示期未满，${row.posting_ends_on} 起方可进入下一环节`
      : `当前状态为“${STATUS_LABELS[row.status]}${current ? `·${current.stage.name}` : ''}”，不能“${ACTION_LABELS[action]}”`;
  const meanwhile = expectedStage !== undefined ? '办件已被他人处理：' : '';
  throw conflict(`${meanwhile}${why}${allowed.length ? `（可进行：${allowed.map((a) => ACTION_LABELS[a]).join('、')}）` : '（办件已办结）'}`, {
    ...(expectedStage !== undefined ? { expectedStage } : {}),
    status: row.status,
    stage: row.stage,
    stageName: current?.stage.name ?? null,
    action,
    allowed,
    ...(row.posting_ends_on ? { postingEndsOn: row.posting_ends_on } : {}),
  });
}

/** Ends a running 公示 on `day`: its working days are added to the limit. */
function closePause(ctx: Ctx, row: CaseRow, item: ItemVersion, day: string) {
  if (row.paused_since === null) return {};
  const cal = workingCalendar(ctx.db);
  const paused = row.paused_days + Math.max(0, cal.workingDaysBetween(row.paused_since, day));
  return {
    paused_days: paused,
    paused_since: null,
    posting_ends_on: null,
    due_on: dueDate(cal, row.accepted_on!, item.timeLimitDays, row.extension_days, paused),
  };
}

export function applyTransition(ctx: Ctx, row: CaseRow, item: ItemVersion, input: TransitionInput): TransitionResult {
  const session = ctx.session!;
  const day = today(ctx);
  const { action } = input;
  const roles = ACTION_ROLES[action];
  if (!roles.some((r) => session.roles.includes(r))) {
    throw forbidden(`“${ACTION_LABELS[action]}”需要${roles.map(roleName).join('或')}的角色`, { action, requires: roles });
  }
  if ((action === 'approve' || action === 'reject') && item.decidedBy !== CENTRE) {
    throw forbidden(`本事项由${item.decidedBy}审核确认，本中心不能作出“${ACTION_LABELS[action]}”决定：办件在“待区级审核确认”环节移交${item.decidedBy}，以导入的区级决定办结`, {
      rule: 'district_decides',
      decidedBy: item.decidedBy,
      caseNo: row.case_no,
    });
  }
  // A page showing an old stage: the reviewer needs to hear that someone else moved the case,
  // and, when the step is no longer possible, the rule's own words (state, step, what is
  // possible now), so the refusal carries both.
  const stale = input.stage !== undefined && input.stage !== row.stage;
  if (!stateActions(row, item, day).includes(action)) illegal(row, item, day, action, stale ? input.stage : undefined);
  if (stale) {
    throw conflict('办件已被他人处理，请刷新后再操作', { status: row.status, stage: row.stage, expectedStage: input.stage, allowed: stateActions(row, item, day) });
  }
  if ((action === 'approve' || action === 'reject') && acceptedBy(ctx.db, row, session.userId)) {
    throw forbidden(`${FOUR_EYES_RULE}：您受理了此办件，不能作出审批决定，请由其他审批人员办理`, { rule: 'four_eyes', caseNo: row.case_no });
  }
  if ((action === 'approve' || action === 'reject') && tookEarlierStep(ctx.db, row, session.userId)) {
    throw forbidden(`${FINAL_DECISION_RULE}：您办理过本案此前的环节，不能作出审批决定，请由其他审批人员办理`, { rule: 'four_eyes_decision', caseNo: row.case_no });
  }
  if (action === 'approve') assertNoAwaitedMaterial(ctx.db, row);
  if (action !== 'approve' && (input.monthlyAmount !== undefined || input.startMonth !== undefined)) {
    throw validationError([{ path: input.monthlyAmount !== undefined ? 'monthlyAmount' : 'startMonth', message: '发放金额和起始月份只在审批通过时填写' }]);
  }
  if (action === 'approve' && !item.recurring && (input.monthlyAmount !== undefined || input.startMonth !== undefined)) {
    throw validationError([{ path: input.monthlyAmount !== undefined ? 'monthlyAmount' : 'startMonth', message: `${item.name}不按月发放，无须填写发放金额或起始月份` }]);
  }

  let values = JSON.parse(row.form_values) as FormValues;
  let changedKeys: string[] = [];
  if (input.values && Object.keys(input.values).length > 0) {
    if (row.status !== 'in_progress') throw validationError([{ path: 'values', message: '只有办理中的办件可以补充表单内容' }]);
    const checked = validateFormValues(item.fields, { ...values, ...input.values });
    if (!checked.ok) throw validationError(checked.issues);
    changedKeys = Object.keys(input.values).filter((k) => checked.values[k] !== values[k]);
    values = checked.values;
  }

  // 低保: the amount is computed from the household's means (means/means-test.ts).
  const means = action === 'approve' ? meansTestAtApproval(ctx.db, row, item, values, input.values, input.monthlyAmount, day) : null;
  if (means) changedKeys = [...new Set([...changedKeys, ...Object.keys(means.values).filter((k) => means.values[k] !== values[k])])];
  if (means) values = means.values;

  const current = stageOf(item, row.stage);
  let patch: Partial<CaseRow> = changedKeys.length ? { form_values: JSON.stringify(values) } : {};
  let toStatus: CaseStatus = row.status;
  let toStage: string | null = row.stage;
  const finish = (status: CaseStatus) => {
    toStatus = status;
    toStage = null;
    patch = { ...patch, ...closePause(ctx, row, item, day), status, stage: null, completed_on: day, outcome_reason: input.opinion };
  };
  switch (action) {
    case 'advance': {
      const closed = closePause(ctx, row, item, day);
      const entered = enterStage(item, current!.index + 1, day);
      toStage = entered.stage;
      patch = { ...patch, ...closed, ...entered };
      break;
    }
    case 'extend': {
      const extension = item.extensionDays;
      patch = {
        ...patch,
        extension_days: extension,
        extension_reason: input.opinion,
        due_on: dueDate(workingCalendar(ctx.db), row.accepted_on!, item.timeLimitDays, extension, row.paused_days),
      };
      break;
    }
    case 'approve':
      finish('approved');
      break;
    case 'reject':
      finish('not_approved');
      break;
    case 'withdraw':
      finish('withdrawn');
      break;
    case 'terminate':
      finish('terminated');
      break;
  }
  if (action === 'approve') refuseApprovalForInactive(requireResidentRow(ctx.db, row.resident_id));
  updateCase(ctx, row.id, patch);
  const after = getCaseRow(ctx.db, row.id)!;
  let beneficiary: BeneficiaryRow | null = null;
  if (action === 'approve' && item.recurring) {
    beneficiary = startBenefit(ctx, after, item, values, day, { monthlyAmount: means?.monthlyAmount ?? input.monthlyAmount, startMonth: input.startMonth });
  }
  addEvent(ctx, row.id, {
    action,
    fromStatus: row.status,
    toStatus,
    fromStage: row.stage,
    toStage,
    opinion: input.opinion,
    detail: {
      ...(changedKeys.length ? { values: Object.fromEntries(changedKeys.map((k) => [k, values[k]])) } : {}),
      ...(after.due_on !== row.due_on ? { dueOn: { from: row.due_on, to: after.due_on } } : {}),
      ...(after.paused_days !== row.paused_days ? { pausedDays: after.paused_days - row.paused_days } : {}),
      ...(action === 'extend' ? { extensionDays: after.extension_days } : {}),
      ...(after.posting_ends_on ? { postingEndsOn: after.posting_ends_on } : {}),
      ...(beneficiary ? { beneficiaryId: beneficiary.id } : {}),
      ...(means ? { meansTest: means.working } : {}),
    },
  });
  return { before: row, after, beneficiary };
}
