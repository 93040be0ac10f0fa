/**
 * 好差评 by the resident, one rating per service (每次办理): the intake, each 补正/容缺
 * delivery and the handing over of the result notice are separate services of a case.
 *
 * The counter offers the rating of a service it has just given (offerRating); the rating
 * screen facing the resident at that window shows the offer (openOffer) and the resident's
 * choice comes back through `cases.rate`, which no member of staff may call: the national
 * 好差评 rules have the person served rate, voluntarily and without staff in between. A
 * rating of 1 or 2 opens a 回访 due in 15 working days, done by someone other than the
 * rated person, who records what was put right.
 */
import { workingCalendar } from '../calendar/working-days';
import type { Ctx } from '../kernel/handler';
import { isSamePerson } from '../accounts/persons';
import { conflict, forbidden, notFound, validationError } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { addEvent, today, userName, type CaseRow } from './store';
import { LOW_RATING_REASONS, RATING_LABELS, SERVICE_LABELS, windowLabel, type ServiceKind } from '../shared/vocabulary';

export const FOLLOW_UP_WORKING_DAYS = 15;
export const LOW_RATING = 2;
/** how long the rating screen shows an offer before it goes back to waiting */
export const RATING_OFFER_MINUTES = 3;

export const SERVICE_KINDS = ['intake', 'supply', 'result_notice'] as const;
export type OfferedServiceKind = (typeof SERVICE_KINDS)[number];
export { LOW_RATING_REASONS, SERVICE_LABELS, type ServiceKind };

export interface ServiceRow {
  id: number;
  case_id: number;
  kind: ServiceKind;
  event_id: number | null;
  served_by: number;
  window_no: string | null;
  served_on: string;
  offered_at: string | null;
  offer_ends_at: string | null;
}

export interface RatingRow {
  id: number;
  case_id: number;
  service_id: number;
  score: number;
  comment: string | null;
  reasons: string | null;
  clerk_id: number;
  rated_at: string;
  recorded_by: number | null;
}

export interface FollowUpRow {
  id: number;
  case_id: number;
  rating_id: number;
  clerk_id: number;
  opened_on: string;
  due_on: string;
  closed_at: string | null;
  closed_by: number | null;
  note: string | null;
  rectification: string | null;
}

const serviceById = (ctx: Ctx, id: number) => prepared<{ id: number }, ServiceRow>(ctx.db, 'SELECT * FROM case_services WHERE id = @id').get({ id });
const ratingOfService = (ctx: Ctx, serviceId: number) =>
  prepared<{ serviceId: number }, RatingRow>(ctx.db, 'SELECT * FROM case_ratings WHERE service_id = @serviceId').get({ serviceId });
const followUpOfRating = (ctx: Ctx, ratingId: number) =>
  prepared<{ ratingId: number }, FollowUpRow>(ctx.db, 'SELECT * FROM case_follow_ups WHERE rating_id = @ratingId').get({ ratingId });
const followUpById = (ctx: Ctx, id: number) => prepared<{ id: number }, FollowUpRow>(ctx.db, 'SELECT * FROM case_follow_ups WHERE id = @id').get({ id });

/** The timeline event that is the service: the intake, the latest delivery, or the decision whose notice is handed over. */
function serviceEvent(ctx: Ctx, row: CaseRow, kind: OfferedServiceKind): { id: number; on_date: string } {
  const sql = {
    intake: "SELECT id, on_date FROM case_events WHERE case_id = @caseId AND action = 'intake' ORDER BY id LIMIT 1",
    supply: "SELECT id, on_date FROM case_events WHERE case_id = @caseId AND action = 'supply' ORDER BY id DESC LIMIT 1",
    // whatever closed the case with a result (the centre's approval or rejection, or a district decision)
    result_notice: `SELECT id, on_date FROM case_events WHERE case_id = @caseId AND to_status IN ('approved', 'not_approved')
                      AND (from_status IS NULL OR from_status NOT IN ('approved', 'not_approved')) ORDER BY id DESC LIMIT 1`,
  }[kind];
  const event = prepared<{ caseId: number }, { id: number; on_date: string }>(ctx.db, sql).get({ caseId: row.id });
  if (!event) {
    const why = { intake: '没有受理记录', supply: '还没有补正或容缺材料的递交', result_notice: '尚未办结，没有结果通知' }[kind];
    throw conflict(`办件 ${row.case_no} ${why}，不能邀请评价“${SERVICE_LABELS[kind]}”`, { rule: 'no_service', caseNo: row.case_no, service: kind });
  }
  return event;
}

/**
 * At a centre server the window is where the device stands; on one computer, the person's
 * window (never the case's: the screen must face the resident being served now).
 */
function servingWindow(ctx: Ctx): string | null {
  if (ctx.device?.windowNo) return ctx.device.windowNo;
  const mine = prepared<{ id: number }, { window_no: string | null }>(ctx.db, 'SELECT window_no FROM users WHERE id = @id').get({ id: ctx.session!.userId });
  return mine?.window_no ?? null;
}

/**
 * The counter offers the rating of a service it just gave to its window's rating screen.
 * Offering again (a new print, a timed-out screen) restarts the offer; a rated service is
 * not offered again. A window's screen shows its newest open offer.
 */
export function offerRating(ctx: Ctx, row: CaseRow, kind: OfferedServiceKind): { service: ServiceRow; before: ServiceRow | null } {
  const event = serviceEvent(ctx, row, kind);
  const before = prepared<{ eventId: number; kind: string }, ServiceRow>(ctx.db, 'SELECT * FROM case_services WHERE event_id = @eventId AND kind = @kind').get({
    eventId: event.id,
    kind,
  });
  if (before && ratingOfService(ctx, before.id)) {
    throw conflict(`办件 ${row.case_no} 的“${SERVICE_LABELS[kind]}”已经评价过：每次办理只评价一次`, { rule: 'rated', caseNo: row.case_no, service: kind });
  }
  const windowNo = servingWindow(ctx);
  if (windowNo === null) {
    throw conflict('您的账户没有设置窗口号，评价屏无法对应到窗口：请管理员在“账户”中设置窗口号', { rule: 'no_window' });
  }
  const now = ctx.now();
  const at = now.toISOString();
  const endsAt = new Date(now.getTime() + RATING_OFFER_MINUTES * 60_000).toISOString();
  if (before) {
    prepared(ctx.db, 'UPDATE case_services SET served_by = @by, window_no = @windowNo, offered_at = @at, offer_ends_at = @endsAt WHERE id = @id').run({
      id: before.id,
      by: ctx.session!.userId,
      windowNo,
      at,
      endsAt,
    });
    return { service: serviceById(ctx, before.id)!, before };
  }
  const id = Number(
    prepared(
      ctx.db,
      `INSERT INTO case_services (case_id, kind, event_id, served_by, window_no, served_on, offered_at, offer_ends_at)
       VALUES (@caseId, @kind, @eventId, @by, @windowNo, @servedOn, @at, @endsAt)`,
    ).run({ caseId: row.id, kind, eventId: event.id, by: ctx.session!.userId, windowNo, servedOn: event.on_date, at, endsAt }).lastInsertRowid,
  );
  return { service: serviceById(ctx, id)!, before: null };
}

export interface OpenOffer {
  serviceId: number;
  service: string;
  itemName: string;
  windowNo: string;
  servedBy: string;
  offerEndsAt: string;
}

/** What the rating screen of a window shows: the newest unrated offer still running. Names no resident. */
export function openOffer(ctx: Ctx, windowNo: string): OpenOffer | null {
  const row = prepared<{ windowNo: string; at: string }, ServiceRow & { item_name: string }>(
    ctx.db,
    `SELECT s.*, c.item_name FROM case_services s JOIN cases c ON c.id = s.case_id
      WHERE s.window_no = @windowNo AND s.offer_ends_at > @at
        AND NOT EXISTS (SELECT 1 FROM case_ratings r WHERE r.service_id = s.id)
      ORDER BY s.offered_at DESC, s.id DESC LIMIT 1`,
  ).get({ windowNo, at: ctx.now().toISOString() });
  if (!row) return null;
  return {
    serviceId: row.id,
    service: SERVICE_LABELS[row.kind],
    itemName: row.item_name,
    windowNo,
    servedBy: userName(ctx.db, row.served_by) ?? '',
    offerEndsAt: row.offer_ends_at!,
  };
}

export interface RateInput {
  serviceId: number;
  score: number;
  reasons?: readonly string[] | undefined;
  comment?: string | undefined;
}

/**
 * The resident's rating from the rating screen. Refused to every signed-in member of staff
 * (the person who served first of all), to a screen at another window, and after the offer
 * ran out; one per service.
 */
export function rate(ctx: Ctx, input: RateInput): { rating: RatingRow; followUp: FollowUpRow | null; service: ServiceRow; row: CaseRow } {
  const service = serviceById(ctx, input.serviceId);
  if (!service) throw notFound('没有这次办理的评价邀请', { serviceId: input.serviceId });
  const row = prepared<{ id: number }, CaseRow>(ctx.db, 'SELECT * FROM cases WHERE id = @id').get({ id: service.case_id })!;
  if (ctx.session) {
    if (isSamePerson(ctx.db, ctx.session.userId, [service.served_by])) {
      throw forbidden(`不能为自己办理的业务评价：办件 ${row.case_no} 的评价只能由办事群众在评价屏上作出`, { rule: 'own_rating', caseNo: row.case_no });
    }
    throw forbidden('工作人员不能录入好差评：评价只能由办事群众在评价屏上作出', { rule: 'staff_rating', caseNo: row.case_no });
  }
  if (ctx.device?.windowNo && ctx.device.windowNo !== service.window_no) {
    throw forbidden(`本评价屏属于${windowLabel(ctx.device.windowNo)}，不能评价其他窗口的办理`, { rule: 'other_window' });
  }
  const existing = ratingOfService(ctx, service.id);
  if (existing) {
    throw conflict(`这次办理已于 ${existing.rated_at.slice(0, 10)} 评价过（${RATING_LABELS[existing.score]}）：每次办理只评价一次`, {
      rule: 'rated',
      caseNo: row.case_no,
    });
  }
  const now = ctx.now().toISOString();
  if (!service.offer_ends_at || service.offer_ends_at <= now) {
    throw conflict('评价邀请已过期：如需评价，请窗口工作人员重新邀请', { rule: 'offer_ended', serviceId: service.id });
  }
  const reasons = input.reasons ?? [];
  if (reasons.length > 0 && input.score > LOW_RATING) {
    throw validationError([{ path: 'reasons', message: '只有“不满意”和“非常不满意”需要选择原因' }]);
  }
  const id = Number(
    prepared(
      ctx.db,
      `INSERT INTO case_ratings (case_id, service_id, score, comment, reasons, clerk_id, rated_at, recorded_by)
       VALUES (@caseId, @serviceId, @score, @comment, @reasons, @clerkId, @at, NULL)`,
    ).run({
      caseId: row.id,
      serviceId: service.id,
      score: input.score,
      comment: input.comment || null,
      reasons: reasons.length ? JSON.stringify([...new Set(reasons)]) : null,
      clerkId: service.served_by,
      at: now,
    }).lastInsertRowid,
  );
  // The offer is answered: the screen goes back to waiting.
  prepared(ctx.db, 'UPDATE case_services SET offer_ends_at = @at WHERE id = @id').run({ id: service.id, at: now });
  if (input.score <= LOW_RATING) {
    const day = today(ctx);
    prepared(
      ctx.db,
      'INSERT INTO case_follow_ups (case_id, rating_id, clerk_id, opened_on, due_on) VALUES (@caseId, @ratingId, @clerkId, @day, @due)',
    ).run({ caseId: row.id, ratingId: id, clerkId: service.served_by, day, due: workingCalendar(ctx.db).addWorkingDays(day, FOLLOW_UP_WORKING_DAYS) });
  }
  const rating = prepared<{ id: number }, RatingRow>(ctx.db, 'SELECT * FROM case_ratings WHERE id = @id').get({ id })!;
  return { rating, followUp: followUpOfRating(ctx, id) ?? null, service: serviceById(ctx, service.id)!, row };
}

/**
 * Closes a 回访 with what was found (note) and what was put right (rectification). The
 * rated person may not follow up their own rating. Without a follow-up id the case's only
 * open one is meant.
 */
export function closeFollowUp(
  ctx: Ctx,
  row: CaseRow,
  input: { followUpId?: number | undefined; note: string; rectification: string },
): { before: FollowUpRow; after: FollowUpRow } {
  let before: FollowUpRow | undefined;
  if (input.followUpId !== undefined) {
    before = followUpById(ctx, input.followUpId);
    if (before && before.case_id !== row.id) before = undefined;
  } else {
    const open = prepared<{ caseId: number }, FollowUpRow>(ctx.db, 'SELECT * FROM case_follow_ups WHERE case_id = @caseId AND closed_at IS NULL ORDER BY id').all({ caseId: row.id });
    if (open.length > 1) throw validationError([{ path: 'followUpId', message: `办件 ${row.case_no} 有 ${open.length} 个未办结的差评回访：请指明是哪一个` }]);
    before =
      open[0] ??
      prepared<{ caseId: number }, FollowUpRow>(ctx.db, 'SELECT * FROM case_follow_ups WHERE case_id = @caseId ORDER BY id DESC LIMIT 1').get({ caseId: row.id });
  }
  if (!before) throw notFound(`办件 ${row.case_no} 没有差评回访`, { caseNo: row.case_no });
  if (before.closed_at !== null) throw conflict(`办件 ${row.case_no} 的差评回访已于 ${before.closed_at.slice(0, 10)} 办结`, { caseNo: row.case_no });
  if (isSamePerson(ctx.db, ctx.session!.userId, [before.clerk_id])) {
    throw forbidden(`不能回访对自己的差评：办件 ${row.case_no} 的回访须由其他工作人员完成`, { rule: 'own_follow_up', caseNo: row.case_no });
  }
  prepared(ctx.db, 'UPDATE case_follow_ups SET closed_at = @at, closed_by = @by, note = @note, rectification = @rectification WHERE id = @id').run({
    id: before.id,
    at: ctx.now().toISOString(),
    by: ctx.session!.userId,
    note: input.note,
    rectification: input.rectification,
  });
  addEvent(ctx, row.id, {
    action: 'follow_up_closed',
    fromStatus: row.status,
    toStatus: row.status,
    fromStage: row.stage,
    toStage: row.stage,
    opinion: input.note,
    detail: { rectification: input.rectification },
  });
  return { before, after: followUpById(ctx, before.id)! };
}
