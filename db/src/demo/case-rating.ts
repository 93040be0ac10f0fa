/**
 * 好差评: the rating an applicant gives at the counter right after the intake (cases.rate),
 * and for a low one the follow-up a clerk opens and usually closes within days
 * (cases.closeFollowUp). Their events slot into the case's timeline at their own times.
 */
import { FOLLOW_UP_WORKING_DAYS, LOW_RATING } from '../cases/ratings';
import type { Person } from './accounts';
import { ratingAfterJson } from './case-json';
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

/** Rates about half the visits; `states` and `events` are the case's timeline so far. */
export function rateVisit(
  w: CaseWorld,
  today: CaseDay,
  caseId: number,
  clerk: Person,
  acceptedBy: number | null,
  minute: number,
  states: Moment[],
  events: unknown[][],
): void {
  const { rng, days, wd, rows, counters } = w;
  const { D0, dayStr } = today;
  const date = (day: number) => days.date(day);
  const audit = (day: number, at: string, actor: Person, handler: string, action: string, before: string | null, after: string) =>
    w.trail.add(day, { at, actorId: actor.id, actorName: actor.name, handler, action, recordType: 'case', recordId: String(caseId), before, after, detail: null });
  if (!rng.chance(0.55)) return;
  const x = rng.next();
  const score = x < 0.78 ? 5 : x < 0.91 ? 4 : x < 0.96 ? 3 : x < 0.985 ? 2 : 1;
  const comment = score <= 2 ? rng.pick(V.RATING_COMMENTS.low) : score === 3 ? (rng.chance(0.5) ? rng.pick(V.RATING_COMMENTS.mid) : null) : rng.chance(0.2) ? rng.pick(V.RATING_COMMENTS.high) : null;
  const ratedAt = days.instant(D0, minute + rng.range(2, 8), rng.int(60), rng.int(1000));
  const state = stateAt(states, ratedAt);
  // Recorded by another clerk: nobody enters the rating of a case they accepted.
  const clerks = w.staff.clerks;
  const at = clerks.findIndex((c) => c.id === clerk.id);
  let recorder = clerks[(at + 1) % clerks.length]!;
  if (recorder.id === acceptedBy) recorder = clerks[(at + 2) % clerks.length]!;
  rows.case_ratings.push(caseId, score, comment, clerk.id, ratedAt, recorder.id);
  counters.ratings++;
  let followJson: Record<string, unknown> | null = null;
  let close: { at: string; day: number; by: Person; note: string } | null = null;
  if (score <= LOW_RATING) {
    const fid = ++counters.followUps;
    const due = date(wd.add(D0, FOLLOW_UP_WORKING_DAYS));
    followJson = { case_id: caseId, clerk_id: clerk.id, closed_at: null, closed_by: null, due_on: due, id: fid, note: null, opened_on: dayStr };
    const closeDay = wd.add(D0, rng.range(1, 12));
    if (closeDay <= w.untilDay && rng.chance(0.9)) {
      const by = rng.chance(0.8) ? clerk : w.staff.admin;
      close = { at: days.instant(closeDay, rng.range(540, 1020), rng.int(60), rng.int(1000)), day: closeDay, by, note: rng.pick(V.FOLLOW_UP_NOTES) };
    }
    rows.case_follow_ups.push(fid, caseId, clerk.id, dayStr, due, close?.at ?? null, close?.by.id ?? null, close?.note ?? null);
  }
  insertEventSorted(events, [0, caseId, ratedAt, dayStr, 'rate', state.status, state.status, state.stage, state.stage, comment, recorder.id, recorder.name, `{"score":${score}}`]);
  w.steps?.({ at: ratedAt, actorId: recorder.id, handler: 'cases.rate', caseId, input: { caseId, score, ...(comment === null ? {} : { comment }) } });
  audit(D0, ratedAt, recorder, 'cases.rate', 'rate', null, ratingAfterJson(followJson && JSON.stringify(followJson), { caseId, clerkId: clerk.id, recordedBy: recorder.id, comment, ratedAt, score }));
  if (close && followJson) {
    w.steps?.({ at: close.at, actorId: close.by.id, handler: 'cases.closeFollowUp', caseId, input: { caseId, note: close.note } });
    const s2 = stateAt(states, close.at);
    insertEventSorted(events, [0, caseId, close.at, date(close.day), 'follow_up_closed', s2.status, s2.status, s2.stage, s2.stage, close.note, close.by.id, close.by.name, null]);
    const closed = JSON.stringify({ ...followJson, closed_at: close.at, closed_by: close.by.id, note: close.note });
    audit(close.day, close.at, close.by, 'cases.closeFollowUp', 'close_follow_up', JSON.stringify(followJson), closed);
  }
}
