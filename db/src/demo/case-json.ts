/**
 * The JSON of a case's audit rows and events, written as text in the shape the handlers'
 * objects serialise to: audit JSON is canonical (keys sorted, as canonicalJson writes it),
 * event details keep the handlers' key order. Building the text directly avoids an object
 * and a generic JSON.stringify walk for each of the ~8 documents a case has; the seed test
 * re-checks every audit document with canonicalJson and each case's last state against
 * the handlers' auditState.
 */

/** A string we generated that needs no escaping (dates, instants, codes, status words), or null. */
export const plain = (s: string | null): string => (s === null ? 'null' : `"${s}"`);
/** Any other string, or null. */
export const text = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

export interface CaseState {
  status: string;
  stage: string | null;
  accepted_on: string | null;
  due_on: string | null;
  paused_days: number;
  paused_since: string | null;
  extension_days: number;
  completed_on: string | null;
  outcome_reason: string | null;
  /** JSON of the keys of the form values, in their order */
  formValueKeys: string;
}

/** What does not change while a case moves: its number, item and applicant, as JSON. */
export interface CaseIdentity {
  caseNo: string;
  decision: string;
  itemCode: string;
  itemVersion: number;
  residentId: number;
}

export interface MaterialState {
  key: string;
  copies_required: number;
  copies_received: number;
  deferred_due: string | null;
  received_later_on: string | null;
}

/** auditState of db/src/cases/store.ts, with the materials when given (intake, supply). */
export function caseStateJson(c: CaseState, id: CaseIdentity, materials: string | null, means: string | null = null): string {
  return (
    `{"acceptedOn":${plain(c.accepted_on)},"caseNo":${plain(id.caseNo)},"completedOn":${plain(c.completed_on)},"decision":${plain(id.decision)},` +
    `"dueOn":${plain(c.due_on)},"extensionDays":${c.extension_days},"formValueKeys":${c.formValueKeys},"itemCode":${text(id.itemCode)},` +
    `"itemVersion":${id.itemVersion},${materials === null ? '' : `"materials":${materials},`}${means === null ? '' : `"means":${means},`}"outcomeReason":${text(c.outcome_reason)},` +
    `"pausedDays":${c.paused_days},"pausedSince":${plain(c.paused_since)},"residentId":${id.residentId},"stage":${text(c.stage)},"status":${plain(c.status)}}`
  );
}

/** The materials list of the intake and supply audit rows. */
export function materialsJson(mats: readonly MaterialState[]): string {
  let s = '';
  for (const m of mats) {
    s += `,{"deferredDue":${plain(m.deferred_due)},"key":${text(m.key)},"received":${m.copies_received},"receivedLaterOn":${plain(m.received_later_on)},"required":${m.copies_required}}`;
  }
  return `[${s.slice(1)}]`;
}

/** The detail of a transition's event, in the key order cases.transition writes it. */
export function transitionDetailJson(
  values: object | undefined,
  dueBefore: string | null,
  dueAfter: string | null,
  pausedAdded: number,
  extensionDays: number | null,
  postingEndsOn: string | null,
): string {
  let s = '';
  if (values) s += `,"values":${JSON.stringify(values)}`;
  if (dueAfter !== dueBefore) s += `,"dueOn":{"from":${plain(dueBefore)},"to":${plain(dueAfter)}}`;
  if (pausedAdded !== 0) s += `,"pausedDays":${pausedAdded}`;
  if (extensionDays !== null) s += `,"extensionDays":${extensionDays}`;
  if (postingEndsOn) s += `,"postingEndsOn":${plain(postingEndsOn)}`;
  return `{${s.slice(1)}}`;
}

/** An event detail object with `beneficiaryId` added last, as the approval writes it. */
export function withBeneficiaryId(detail: string, beneficiaryId: number): string {
  return detail === '{}' ? `{"beneficiaryId":${beneficiaryId}}` : `${detail.slice(0, -1)},"beneficiaryId":${beneficiaryId}}`;
}
