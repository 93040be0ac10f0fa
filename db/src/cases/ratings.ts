/**
 * 好差评: one rating per case (a visit produces one case), tied to the case's clerk, and
 * never recorded by the person who accepted the case. A
 * rating of 1 or 2 opens a follow-up (差评回访) due in 15 working days, which stays in the
 * worklist until it is closed with a note.
 */
import { workingCalendar } from '../calendar/working-days';
import type { Ctx } from '../kernel/handler';
import { isSamePerson } from '../accounts/persons';
import { conflict, forbidden, notFound } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { addEvent, today, type CaseRow } from './store';
import { RATING_LABELS } from '../shared/vocabulary';

export const FOLLOW_UP_WORKING_DAYS = 15;
export const LOW_RATING = 2;

export interface RatingRow {
  case_id: number;
  score: number;
  comment: string | null;
  clerk_id: number;
  rated_at: string;
  recorded_by: number;
}

export interface FollowUpRow {
  id: number;
  case_id: number;
  clerk_id: number;
  opened_on: string;
  due_on: string;
  closed_at: string | null;
  closed_by: number | null;
  note: string | null;
}

export const ratingOf = (ctx: Ctx, caseId: number) =>
  prepared<{ caseId: number }, RatingRow>(ctx.db, 'SELECT * FROM case_ratings WHERE case_id = @caseId').get({ caseId });
export const followUpOf = (ctx: Ctx, caseId: number) =>
  prepared<{ caseId: number }, FollowUpRow>(ctx.db, 'SELECT * FROM case_follow_ups WHERE case_id = @caseId').get({ caseId });

export function rate(ctx: Ctx, row: CaseRow, score: number, comment: string | null): { rating: RatingRow; followUp: FollowUpRow | null } {
  const existing = ratingOf(ctx, row.id);
  if (existing) {
    throw conflict(`办件 ${row.case_no} 已于 ${existing.rated_at.slice(0, 10)} 评价过（${RATING_LABELS[existing.score]}），每次办事只评价一次`, {
      caseNo: row.case_no,
      score: existing.score,
    });
  }
  // Staff may not enter or influence the rating of their own service (好差评 rules).
  if (isSamePerson(ctx.db, ctx.session!.userId, [row.clerk_id, row.accepted_by])) {
    throw forbidden(`不能为自己受理的办件录入好差评：办件 ${row.case_no} 的评价须由其他工作人员登记`, { rule: 'own_rating', caseNo: row.case_no });
  }
  const day = today(ctx);
  prepared(
    ctx.db,
    `INSERT INTO case_ratings (case_id, score, comment, clerk_id, rated_at, recorded_by)
     VALUES (@caseId, @score, @comment, @clerkId, @at, @by)`,
  ).run({ caseId: row.id, score, comment, clerkId: row.clerk_id, at: ctx.now().toISOString(), by: ctx.session!.userId });
  if (score <= LOW_RATING) {
    prepared(
      ctx.db,
      'INSERT INTO case_follow_ups (case_id, clerk_id, opened_on, due_on) VALUES (@caseId, @clerkId, @day, @due)',
    ).run({ caseId: row.id, clerkId: row.clerk_id, day, due: workingCalendar(ctx.db).addWorkingDays(day, FOLLOW_UP_WORKING_DAYS) });
  }
  addEvent(ctx, row.id, {
    action: 'rate',
    fromStatus: row.status,
    toStatus: row.status,
    fromStage: row.stage,
    toStage: row.stage,
    opinion: comment,
    detail: { score },
  });
  return { rating: ratingOf(ctx, row.id)!, followUp: followUpOf(ctx, row.id) ?? null };
}

export function closeFollowUp(ctx: Ctx, row: CaseRow, note: string): { before: FollowUpRow; after: FollowUpRow } {
  const before = followUpOf(ctx, row.id);
  if (!before) throw notFound(`办件 ${row.case_no} 没有差评回访`, { caseNo: row.case_no });
  if (before.closed_at !== null) throw conflict(`办件 ${row.case_no} 的差评回访已于 ${before.closed_at.slice(0, 10)} 办结`, { caseNo: row.case_no });
  prepared(ctx.db, 'UPDATE case_follow_ups SET closed_at = @at, closed_by = @by, note = @note WHERE id = @id').run({
    id: before.id,
    at: ctx.now().toISOString(),
    by: ctx.session!.userId,
    note,
  });
  addEvent(ctx, row.id, {
    action: 'follow_up_closed',
    fromStatus: row.status,
    toStatus: row.status,
    fromStage: row.stage,
    toStage: row.stage,
    opinion: note,
  });
  return { before, after: followUpOf(ctx, row.id)! };
}
