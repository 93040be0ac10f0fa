/**
 * 好差评: about half the residents rate their intake on the window's rating screen a few
 * minutes after it: the clerk offers the rating (cases.offerRating) a minute before the
 * resident answers (cases.rate, no session). A low one opens a 回访 that another clerk or
 * the administrator usually closes within days (cases.closeFollowUp), with its 整改.
 */
import { FOLLOW_UP_WORKING_DAYS, LOW_RATING } from '../cases/ratings';
import type { Person } from './accounts';
import { plain, text } from './case-json';
import type { CaseDay, CaseWorld, Moment } from './play-case';
import * as V from './vocabulary';

/** The case's status at an instant: the last step at or before it. */
function stateAt(states: Moment[], at: string): Moment {
  let s = states[0]!;
  for (const x of states) if (x.at <= at) s = x;
  return s;
}

/** Inserts an event row (at index 2 its time) keeping the list in time order. */
function insertEventSorted(events: unknown[][], row: unknown[]): void {
  let i = events.length;
  while (i > 0 && (events[i - 1]![2] as string) > (row[2] as string)) i--;
  events.splice(i, 0, row);
}

const OFFER_MINUTES = 3;

/** A service row as the audit log holds it (keys sorted, like the dispatcher's canonical JSON). */
function serviceJson(s: { id: number; caseId: number; eventId: number; by: number; windowNo: string | null; day: string; offeredAt: string; endsAt: string }): string {
  return (
    `{"case_id":${s.caseId},"event_id":${s.eventId},"id":${s.id},"kind":"intake","offer_ends_at":${plain(s.endsAt)},"offered_at":${plain(s.offeredAt)},` +
    `"served_by":${s.by},"served_on":${plain(s.day)},"window_no":${text(s.windowNo)}}`
  );
}

/**
 * Rates about half the intakes; `states` and `events` are the case's timeline so far, whose
 * first event (the intake) gets the next event id when the case's rows are written.
 */
export function rateVisit(
  w: CaseWorld,
  today: CaseDay,
  caseId: number,
  clerk: Person & { windowNo: string | null },
  _acceptedBy: number | null,
  minute: number,
  states: Moment[],
  events: unknown[][],
): void {
  const { rng, days, wd, rows, counters } = w;
  const { D0, dayStr } = today;
  const date = (day: number) => days.date(day);
  const audit = (day: number, at: string, actor: Person | null, handler: string, action: string, before: string | null, after: string) =>
    w.trail.add(day, { at, actorId: actor?.id ?? null, actorName: actor?.name ?? null, handler, action, recordType: 'case', recordId: String(caseId), before, after, detail: null });
  if (!rng.chance(0.55)) return;
  const x = rng.next();
  const score = x < 0.78 ? 5 : x < 0.91 ? 4 : x < 0.96 ? 3 : x < 0.985 ? 2 : 1;
  const comment = score <= 2 ? rng.pick(V.RATING_COMMENTS.low) : score === 3 ? (rng.chance(0.5) ? rng.pick(V.RATING_COMMENTS.mid) : null) : rng.chance(0.2) ? rng.pick(V.RATING_COMMENTS.high) : null;
  const ratedMinute = minute + rng.range(2, 8);
  const second = rng.int(60);
  const ms = rng.int(1000);
  const ratedAt = days.instant(D0, ratedMinute, second, ms);
  // The other clerk (or the administrator) who follows a low rating up: never the rated one.
  const clerks = w.staff.clerks;
  const at = clerks.findIndex((c) => c.id === clerk.id);
  const colleague = clerks.length > 1 ? clerks[(at + 1) % clerks.length]! : w.staff.admin;
  // A screen belongs to a window: a clerk without one offers nothing.
  if (clerk.windowNo === null) return;

  const offeredAt = days.instant(D0, ratedMinute - 1, second, ms);
  const endsAt = new Date(Date.parse(offeredAt) + OFFER_MINUTES * 60_000).toISOString();
  const serviceId = ++counters.services;
  const eventId = counters.events + 1;
  const service = { id: serviceId, caseId, eventId, by: clerk.id, windowNo: clerk.windowNo, day: dayStr, offeredAt, endsAt };
  rows.case_services.push(serviceId, caseId, 'intake', eventId, clerk.id, clerk.windowNo, dayStr, offeredAt, ratedAt);
  w.steps?.({ at: offeredAt, actorId: clerk.id, handler: 'cases.offerRating', caseId, input: { caseId, service: 'intake' } });
  audit(D0, offeredAt, clerk, 'cases.offerRating', 'offer_rating', null, `{"service":${serviceJson(service)}}`);

  const ratingId = ++counters.ratings;
  rows.case_ratings.push(ratingId, caseId, serviceId, score, comment, null, clerk.id, ratedAt, null);
  let followJson: Record<string, unknown> | null = null;
  let close: { at: string; day: number; by: Person; note: string; rectification: string } | null = null;
  if (score <= LOW_RATING) {
    const fid = ++counters.followUps;
    const due = date(wd.add(D0, FOLLOW_UP_WORKING_DAYS));
    followJson = { case_id: caseId, clerk_id: clerk.id, closed_at: null, closed_by: null, due_on: due, id: fid, note: null, opened_on: dayStr, rating_id: ratingId, rectification: null };
    const closeDay = wd.add(D0, rng.range(1, 12));
    if (closeDay <= w.untilDay && rng.chance(0.9)) {
      const by = rng.chance(0.8) ? colleague : w.staff.admin;
      const note = rng.pick(V.FOLLOW_UP_NOTES);
      const rectification = V.FOLLOW_UP_RECTIFICATIONS[V.FOLLOW_UP_NOTES.indexOf(note)]!;
      close = { at: days.instant(closeDay, rng.range(540, 1020), rng.int(60), rng.int(1000)), day: closeDay, by, note, rectification };
    }
    rows.case_follow_ups.push(fid, caseId, ratingId, clerk.id, dayStr, due, close?.at ?? null, close?.by.id ?? null, close?.note ?? null, close?.rectification ?? null);
  }
  w.steps?.({ at: ratedAt, actorId: null, handler: 'cases.rate', caseId, input: { score, ...(comment === null ? {} : { comment }) } });
  const ratingJson =
    `{"case_id":${caseId},"clerk_id":${clerk.id},"comment":${text(comment)},"id":${ratingId},"rated_at":${plain(ratedAt)},` +
    `"reasons":null,"recorded_by":null,"score":${score},"service_id":${serviceId}}`;
  audit(
    D0,
    ratedAt,
    null,
    'cases.rate',
    'rate',
    null,
    `{"followUp":${followJson ? JSON.stringify(followJson) : 'null'},"rating":${ratingJson},"service":${serviceJson({ ...service, endsAt: ratedAt })}}`,
  );
  if (close && followJson) {
    w.steps?.({ at: close.at, actorId: close.by.id, handler: 'cases.closeFollowUp', caseId, input: { caseId, note: close.note, rectification: close.rectification } });
    const s2 = stateAt(states, close.at);
    const detail = `{"rectification":${text(close.rectification)}}`;
    insertEventSorted(events, [0, caseId, close.at, date(close.day), 'follow_up_closed', s2.status, s2.status, s2.stage, s2.stage, close.note, close.by.id, close.by.name, detail]);
    const closed = JSON.stringify({ ...followJson, closed_at: close.at, closed_by: close.by.id, note: close.note, rectification: close.rectification });
    audit(close.day, close.at, close.by, 'cases.closeFollowUp', 'close_follow_up', JSON.stringify(followJson), closed);
  }
}
