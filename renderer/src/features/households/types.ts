import type { HandlerOutput } from '../../../../db/src/contract';

export type HouseholdView = HandlerOutput<'households.get'>;
export type Member = HouseholdView['members'][number];

export { RELATIONS, type MemberRelation } from '../../../../db/src/shared/vocabulary';

/**
 * What a household change invalidates besides the households' own reads: the residents'
 * (each profile shows its household) and the cases' (a household-based item's precheck).
 */
export const HOUSEHOLD_CHANGES = ['residents', 'cases'] as const;
