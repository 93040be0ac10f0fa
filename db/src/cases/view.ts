/**
 * cases.get: everything the case page and the printed documents (受理回执, 一次性告知书,
 * 容缺受理通知书, 不予受理通知书, 办结通知) need, in one answer. Personal numbers are masked.
 */
import type Database from 'better-sqlite3';
import { getItemVersion, type ItemVersion } from '../catalogue/catalogue';
import { FAMILY_LABELS } from '../catalogue/definition';
import type { FormValues } from '../catalogue/form-values';
import { workingCalendar } from '../calendar/working-days';
import type { Session } from '../kernel/handler';
import type { HouseholdSnapshot } from '../households/households';
import { maskIdNumber, maskPhone } from '../privacy/mask';
import { ageOn } from '../shared/age';
import { requireResidentRow } from '../residents/residents';
import { prepared } from '../kernel/prepared';
import { readSettings } from '../settings/settings';
import { beneficiaryOfCase, beneficiaryView, type BeneficiaryView } from '../beneficiaries/beneficiaries';
import { dueDateNotice } from '../calendar/official-years';
import { deadlineStatus, type DeadlineState } from './deadlines';
import { clockOwner, clockText, deadlineLabel, districtView, type ClockOwner, type DistrictView } from './clock';
import { atDistrictStage } from './handoff';
import { missingOf, type MissingMaterial } from './intake';
import { caseEvents, caseMaterials, userName, type CaseRow } from './store';
import { callerActions, stageOf, type AllowedAction } from './transitions';
import { caseMeansView, type MeansWorking } from '../means/means-test';
import { isSamePerson } from '../accounts/persons';
import { SERVICE_LABELS, type FollowUpRow, type ServiceKind } from './ratings';
import {
  DECISION_LABELS,
  EVENT_LABELS,
  FORM_LABELS,
  RATING_LABELS,
  STATUS_LABELS,
  type CaseStatus,
  type Decision,
} from '../shared/vocabulary';

export interface CaseMaterialView {
  key: string;
  name: string;
  form: 'original' | 'copy';
  formLabel: string;
  required: boolean;
  deferrable: boolean;
  /** 应交 */
  copiesRequired: number;
  /** 实交 */
  copiesReceived: number;
  complete: boolean;
  deferredDue: string | null;
  receivedLaterOn: string | null;
}

export interface TimelineEntry {
  id: number;
  at: string;
  onDate: string;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  toStatus: string;
  stage: string | null;
  stageName: string | null;
  toStage: string | null;
  toStageName: string | null;
  opinion: string | null;
  actor: { id: number; name: string };
  detail: unknown;
}

export interface CaseView {
  id: number;
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  decision: Decision;
  decisionLabel: string;
  item: {
    code: string;
    name: string;
    family: ItemVersion['family'];
    familyLabel: string;
    department: string;
    version: number;
    timeLimitDays: number;
    extensionDays: number;
    householdBased: boolean;
    recurring: boolean;
    /** 'centre' or the deciding authority (区民政局 ...) */
    decidedBy: string;
  };
  applicant: { residentId: number; name: string; idNumber: string; phone: string | null; sex: 'male' | 'female'; age: number; address: string | null };
  household: {
    householdId: number;
    address: string | null;
    members: { residentId: number; name: string; idNumber: string; sex: 'male' | 'female'; age: number; relation: string; isHead: boolean }[];
  } | null;
  formValues: FormValues;
  /** the form in the item's order, with labels and displayable values, for pages and prints */
  form: { key: string; label: string; type: string; value: string | number | boolean | null; display: string }[];
  materials: CaseMaterialView[];
  /** required materials still short (应交 > 实交) */
  missing: MissingMaterial[];
  /** 一次性告知书: the list as notified at the window (null unless the decision was notify_missing) */
  noticeMissing: MissingMaterial[] | null;
  /** 容缺: each deferred material with its due date */
  deferred: { key: string; name: string; dueDate: string; receivedOn: string | null; overdue: boolean }[];
  commitment: string | null;
  refusal: { reason: string; referTo: string | null } | null;
  dates: {
    receivedOn: string;
    acceptedOn: string | null;
    /** 承诺办结日期: the due date in working days */
    dueOn: string | null;
    completedOn: string | null;
    /** the running due date rests on a year whose holidays are provisional (no State Council notice imported) */
    dueDateProvisional: boolean;
    dueDateWarning: string | null;
  };
  deadline: DeadlineState & {
    /** 正常/预警/逾期…; 区级办理中/区级预警/区级逾期 once the authority's limit runs */
    label: string;
    /** whose time limit runs: the centre's, or (after the hand-off) the deciding authority's */
    owner: ClockOwner;
    /** 本中心办理时限：… / 区民政局办理时限：N 个工作日，自 … 移交起，截止 …; null without a running clock */
    clock: string | null;
    timeLimitDays: number;
    pausedDays: number;
    pausedSince: string | null;
    postingEndsOn: string | null;
    extensionDays: number;
    extensionReason: string | null;
    /** null while open; whether it was completed by the due date */
    onTime: boolean | null;
  };
  stage: { key: string; name: string; kind: string; index: number; total: number } | null;
  stages: { key: string; name: string; kind: string; state: 'done' | 'current' | 'pending' | 'skipped'; completedAt: string | null; by: string | null; opinion: string | null }[];
  outcome: { result: CaseStatus; label: string; reason: string | null; completedOn: string } | null;
  /** 收受分离: the decision of the authority that decided the case, and whether the applicant was told */
  districtDecision: DistrictDecisionView | null;
  /** a district-decided item (收受分离): the authority, its limit and the hand-off; null when the centre decides */
  district: DistrictView | null;
  clerk: { id: number; name: string | null };
  acceptedBy: { id: number; name: string | null } | null;
  windowNo: string | null;
  timeline: TimelineEntry[];
  /** what the caller may do next (cases.transition actions) */
  allowedActions: AllowedAction[];
  /** the latest rating the caller may see (see services) */
  rating: RatingView | null;
  /** the latest 差评回访 (none of those about the caller: see services) */
  followUp: FollowUpView | null;
  /**
   * 好差评 per service: each service offered for rating, whether the resident rated it, and
   * the rating itself, except to the person who served (they learn only that a rating came).
   */
  services: ServiceView[];
  followUps: FollowUpView[];
  beneficiary: BeneficiaryView | null;
  /** 低保: members' means and the per-capita working (as approved, or as of today while open) */
  meansTest: MeansWorking | null;
  centre: { name: string; code: string; phone: string; address: string };
  /** 收受分离: when and in which 移交包 the case left for its deciding authority */
  handoff: { on: string; runId: number; folderName: string | null; decidedBy: string } | null;
  createdAt: string;
  updatedAt: string;
}

function handoffOf(db: Database.Database, row: CaseRow, item: ItemVersion): CaseView['handoff'] {
  if (row.handed_off_on === null || row.handoff_run_id === null) return null;
  const folder = prepared<{ id: number }, { folder: string | null }>(db, 'SELECT folder FROM export_runs WHERE id = @id').get({ id: row.handoff_run_id })?.folder ?? null;
  return { on: row.handed_off_on, runId: row.handoff_run_id, folderName: folder ? (folder.split(/[\\/]/).pop() ?? null) : null, decidedBy: item.decidedBy };
}

export interface DistrictDecisionView {
  decidedBy: string;
  decisionNo: string | null;
  decisionDate: string | null;
  importId: number | null;
  toldOn: string | null;
  toldHow: 'notice_printed' | 'delivered' | null;
  toldHowLabel: string | null;
}

const TOLD_LABELS = { notice_printed: '已打印办结通知', delivered: '已送达' } as const;

function districtDecision(row: CaseRow): DistrictDecisionView | null {
  if (row.decided_by === null) return null;
  return {
    decidedBy: row.decided_by,
    decisionNo: row.decision_no,
    decisionDate: row.decision_date,
    importId: row.decision_import_id,
    toldOn: row.applicant_told_on,
    toldHow: row.applicant_told_how,
    toldHowLabel: row.applicant_told_how === null ? null : TOLD_LABELS[row.applicant_told_how],
  };
}

export interface RatingView {
  score: number;
  label: string;
  comment: string | null;
  reasons: string[];
  ratedAt: string;
  clerkId: number;
}
export interface FollowUpView {
  id: number;
  serviceLabel: string;
  score: number;
  clerkId: number;
  clerkName: string | null;
  openedOn: string;
  dueOn: string;
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
  rectification: string | null;
  overdue: boolean;
}
export interface ServiceView {
  id: number;
  kind: ServiceKind;
  label: string;
  servedBy: { id: number; name: string | null };
  servedOn: string;
  offeredAt: string | null;
  /** the rating screen shows it until then (unless rated) */
  offerEndsAt: string | null;
  rated: boolean;
  ratedAt: string | null;
  /** null when not rated, or when the caller is the person who served */
  rating: RatingView | null;
}

type ServiceJoined = {
  id: number;
  kind: ServiceKind;
  served_by: number;
  served_on: string;
  offered_at: string | null;
  offer_ends_at: string | null;
  rating_id: number | null;
  score: number | null;
  comment: string | null;
  reasons: string | null;
  rated_at: string | null;
  clerk_id: number | null;
};

function ratingParts(db: Database.Database, row: CaseRow, day: string, session: Session) {
  const rows = prepared<{ id: number }, ServiceJoined>(
    db,
    `SELECT s.id, s.kind, s.served_by, s.served_on, s.offered_at, s.offer_ends_at,
            r.id AS rating_id, r.score, r.comment, r.reasons, r.rated_at, r.clerk_id
       FROM case_services s LEFT JOIN case_ratings r ON r.service_id = s.id
      WHERE s.case_id = @id ORDER BY s.id`,
  ).all({ id: row.id });
  const canSee = (servedBy: number) => !isSamePerson(db, session.userId, [servedBy]);
  const services: ServiceView[] = rows.map((s) => ({
    id: s.id,
    kind: s.kind,
    label: SERVICE_LABELS[s.kind],
    servedBy: { id: s.served_by, name: userName(db, s.served_by) },
    servedOn: s.served_on,
    offeredAt: s.offered_at,
    offerEndsAt: s.offer_ends_at,
    rated: s.rating_id !== null,
    ratedAt: s.rated_at,
    rating:
      s.rating_id !== null && canSee(s.served_by)
        ? { score: s.score!, label: RATING_LABELS[s.score!]!, comment: s.comment, reasons: s.reasons ? (JSON.parse(s.reasons) as string[]) : [], ratedAt: s.rated_at!, clerkId: s.clerk_id! }
        : null,
  }));
  const followUps = prepared<{ id: number }, FollowUpRow & { score: number; kind: ServiceKind }>(
    db,
    `SELECT f.*, r.score, s.kind FROM case_follow_ups f JOIN case_ratings r ON r.id = f.rating_id JOIN case_services s ON s.id = r.service_id
      WHERE f.case_id = @id ORDER BY f.id`,
  )
    .all({ id: row.id })
    // a 回访 says the rating was low: not shown to the rated person, who learns only that a rating came
    .filter((f) => canSee(f.clerk_id))
    .map(
      (f): FollowUpView => ({
        id: f.id,
        serviceLabel: SERVICE_LABELS[f.kind],
        score: f.score,
        clerkId: f.clerk_id,
        clerkName: userName(db, f.clerk_id),
        openedOn: f.opened_on,
        dueOn: f.due_on,
        closedAt: f.closed_at,
        closedBy: userName(db, f.closed_by),
        note: f.note,
        rectification: f.rectification,
        overdue: f.closed_at === null && f.due_on < day,
      }),
    );
  const rated = services.filter((s) => s.rating !== null);
  return { services, followUps, rating: rated.length ? rated.reduce((a, b) => (b.ratedAt! >= a.ratedAt! ? b : a)).rating : null, followUp: followUps.at(-1) ?? null };
}

function display(field: ItemVersion['fields'][number] | undefined, v: FormValues[string] | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field?.type === 'select') return field.options?.find((o) => o.value === v)?.label ?? String(v);
  if (field?.type === 'money' && typeof v === 'number') return v.toFixed(2);
  return String(v);
}

export function caseView(db: Database.Database, row: CaseRow, day: string, session: Session): CaseView {
  const item = getItemVersion(db, row.item_code, row.item_version);
  const settings = readSettings(db);
  const cal = workingCalendar(db);
  const resident = requireResidentRow(db, row.resident_id);
  const values = JSON.parse(row.form_values) as FormValues;
  const materials = caseMaterials(db, row.id);
  const events = caseEvents(db, row.id);
  const snapshot = row.household ? (JSON.parse(row.household) as HouseholdSnapshot) : null;
  const stageName = (key: string | null) => (key === null ? null : (stageOf(item, key)?.stage.name ?? key));
  const current = stageOf(item, row.stage);

  const ratings = ratingParts(db, row, day, session);
  const benefit = beneficiaryOfCase(db, row.id);

  const stageDone = new Map<string, (typeof events)[number]>();
  for (const e of events) if (e.from_stage && ['advance', 'approve', 'reject', 'district_decision'].includes(e.action)) stageDone.set(e.from_stage, e);

  const deadline = deadlineStatus(row, day, settings.warningDays, cal);
  return {
    id: row.id,
    caseNo: row.case_no,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    decision: row.decision,
    decisionLabel: DECISION_LABELS[row.decision],
    item: {
      code: item.code,
      name: item.name,
      family: item.family,
      familyLabel: FAMILY_LABELS[item.family],
      department: item.department,
      version: item.version,
      timeLimitDays: item.timeLimitDays,
      extensionDays: item.extensionDays,
      householdBased: item.householdBased,
      recurring: item.recurring !== null,
      decidedBy: item.decidedBy,
    },
    applicant: {
      residentId: resident.id,
      name: resident.name,
      idNumber: maskIdNumber(resident.id_number),
      phone: maskPhone(resident.phone),
      sex: resident.sex,
      age: ageOn(resident.birth_date, row.received_on),
      address: resident.address,
    },
    household: snapshot && {
      householdId: snapshot.householdId,
      address: snapshot.address,
      members: snapshot.members.map((m) => ({
        residentId: m.residentId,
        name: m.name,
        idNumber: maskIdNumber(m.idNumber),
        sex: m.sex,
        age: ageOn(m.birthDate, row.received_on),
        relation: m.relation,
        isHead: m.isHead,
      })),
    },
    formValues: values,
    form: item.fields.map((f) => ({ key: f.key, label: f.label, type: f.type, value: values[f.key] ?? null, display: display(f, values[f.key]) })),
    materials: materials.map((m) => ({
      key: m.key,
      name: m.name,
      form: m.form,
      formLabel: FORM_LABELS[m.form],
      required: m.required === 1,
      deferrable: m.may_defer === 1,
      copiesRequired: m.copies_required,
      copiesReceived: m.copies_received,
      complete: m.copies_received >= m.copies_required,
      deferredDue: m.deferred_due,
      receivedLaterOn: m.received_later_on,
    })),
    missing: missingOf(materials),
    noticeMissing: row.notice_missing ? (JSON.parse(row.notice_missing) as MissingMaterial[]) : null,
    deferred: materials
      .filter((m) => m.deferred_due !== null)
      .map((m) => ({
        key: m.key,
        name: m.name,
        dueDate: m.deferred_due!,
        receivedOn: m.received_later_on,
        overdue: m.received_later_on === null && m.deferred_due! < day && row.status === 'in_progress',
      })),
    commitment: row.commitment,
    refusal: row.refusal_reason !== null && row.status === 'refused' ? { reason: row.refusal_reason, referTo: row.refer_to } : null,
    dates: {
      receivedOn: row.received_on,
      acceptedOn: row.accepted_on,
      dueOn: row.due_on,
      completedOn: row.completed_on,
      // a finished case's due date is history; only a running promise may still move
      ...dueDateNotice(cal.officialYears(), row.accepted_on, row.status === 'in_progress' ? row.due_on : null),
    },
    deadline: {
      ...deadline,
      label: deadlineLabel(deadline.status, clockOwner(row)),
      owner: clockOwner(row),
      clock: clockText(row, item),
      timeLimitDays: row.time_limit_days,
      pausedDays: row.paused_days,
      pausedSince: row.paused_since,
      postingEndsOn: row.posting_ends_on,
      extensionDays: row.extension_days,
      extensionReason: row.extension_reason,
      onTime: row.completed_on !== null && row.due_on !== null ? row.completed_on <= row.due_on : null,
    },
    stage: current && { key: current.stage.key, name: current.stage.name, kind: current.stage.kind, index: current.index, total: item.stages.length },
    stages: item.stages.map((s, i) => {
      const done = stageDone.get(s.key);
      const state: 'done' | 'current' | 'pending' | 'skipped' = done
        ? 'done'
        : row.stage === s.key
          ? 'current'
          : row.status === 'in_progress' || row.status === 'waiting_materials'
            ? (current && i < current.index ? 'done' : 'pending')
            : 'skipped';
      return { key: s.key, name: s.name, kind: s.kind, state, completedAt: done?.at ?? null, by: done?.actor_name ?? null, opinion: done?.opinion ?? null };
    }),
    outcome:
      row.completed_on !== null
        ? { result: row.status, label: STATUS_LABELS[row.status], reason: row.outcome_reason, completedOn: row.completed_on }
        : null,
    districtDecision: districtDecision(row),
    district: districtView(db, row, item, atDistrictStage(row, item)),
    clerk: { id: row.clerk_id, name: userName(db, row.clerk_id) },
    acceptedBy: row.accepted_by === null ? null : { id: row.accepted_by, name: userName(db, row.accepted_by) },
    windowNo: row.window_no,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at,
      onDate: e.on_date,
      action: e.action,
      actionLabel: EVENT_LABELS[e.action] ?? e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      stage: e.from_stage,
      stageName: stageName(e.from_stage),
      toStage: e.to_stage,
      toStageName: stageName(e.to_stage),
      opinion: e.opinion,
      actor: { id: e.actor_id, name: e.actor_name },
      detail: e.detail === null ? null : (JSON.parse(e.detail) as unknown),
    })),
    allowedActions: callerActions(db, row, item, day, session),
    rating: ratings.rating,
    followUp: ratings.followUp,
    services: ratings.services,
    followUps: ratings.followUps,
    beneficiary: benefit ? beneficiaryView(db, benefit, day) : null,
    meansTest: caseMeansView(db, row, item, day, events),
    centre: { name: settings.centreName, code: settings.centreCode, phone: settings.centrePhone, address: settings.centreAddress },
    handoff: handoffOf(db, row, item),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
