/**
 * The handler calls a generated resident, household or case stands for: what a person would have sent through the
 * dispatcher, when and as whom, for each row-writing step of play-case.ts and
 * case-rating.ts. The generator writes the rows itself; the differential test
 * (tests/integration/demo-differential.test.ts) sends these calls through the real handlers
 * and compares the rows, so the generator's copy of the case state machine cannot drift.
 * Taking steps consumes no randomness: the seed's rows are the same with or without it.
 */
export interface DemoStep {
  /** the instant of the call (the dispatcher's clock) */
  at: string;
  /** the user who makes it; null for the resident on the rating screen (no session) */
  actorId: number | null;
  handler:
    | 'residents.register'
    | 'households.create'
    | 'households.addMember'
    | 'cases.intake'
    | 'cases.supplyMaterials'
    | 'cases.transition'
    | 'cases.offerRating'
    | 'cases.rate'
    | 'cases.closeFollowUp';
  /**
   * the generator's id of the case (null for residents and households); `input.caseId` holds
   * the same and is mapped by the caller. cases.rate has no caseId in its input: it rates the
   * service its case's last cases.offerRating made.
   */
  caseId: number | null;
  input: Record<string, unknown>;
}

export type StepSink = (step: DemoStep) => void;
