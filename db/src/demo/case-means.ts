/**
 * 低保 households' declared means for the demo: what a clerk enters at intake for each
 * member of the household, and the 低保标准 history a four-year demo needs.
 *
 * Every generated household is below the standard with room to spare, so that its case can
 * be approved whichever standard is in force on its decision day (the approval is refused
 * otherwise, and the generator's copy of the case must end as the handlers' would).
 */
import type { HouseholdSnapshot } from '../households/households';
import type { MeansMember } from '../means/means-test';
import type { DibaoStandard } from '../means/standards';
import type { Rng } from './prng';

/**
 * The centre's list with earlier entries for the years before its first one, each about
 * 6 % lower, rounded to 10 元: demo figures only, so that cases from the first demo year
 * have a standard in force. Entries the list already has are kept as they are.
 */
export function demoDibaoStandards(list: readonly DibaoStandard[], fromYear: number): DibaoStandard[] {
  const first = list[0];
  if (!first) return [...list];
  const firstYear = Number(first.from.slice(0, 4));
  const earlier: DibaoStandard[] = [];
  for (let y = fromYear; `${y}-04-01` < first.from; y++) {
    earlier.push({ from: `${y}-04-01`, amount: Math.round((first.amount * 0.94 ** Math.max(1, firstYear - y)) / 10) * 10 });
  }
  return [...earlier, ...list];
}

/**
 * Each member's monthly income (whole 10 元, some with none) and assets, their total under
 * 60 % of the lowest standard times the household size.
 */
export function demoMeans(household: HouseholdSnapshot, standards: readonly DibaoStandard[], rng: Rng): MeansMember[] {
  const lowest = Math.min(...standards.map((s) => s.amount));
  const n = household.members.length;
  let budget = Math.floor((lowest * n * 0.6) / 10); // in 10 元 steps
  return household.members.map((m) => {
    const income = rng.chance(0.35) ? 0 : rng.int(Math.min(budget, 300) + 1);
    budget -= income;
    return { residentId: m.residentId, incomeFen: income * 1000, assetsFen: rng.int(40) * 100_000 };
  });
}

/** The means as cases.intake and cases.supplyMaterials take them (yuan). */
export const meansInput = (members: readonly MeansMember[]) => ({
  members: members.map((m) => ({ residentId: m.residentId, monthlyIncome: m.incomeFen / 100, assets: m.assetsFen / 100 })),
});

/** The `means` of an intake or supply audit row, keys sorted as the audit writes them. */
export const meansAuditJson = (members: readonly MeansMember[]) =>
  `[${members.map((m) => `{"assetsFen":${m.assetsFen},"incomeFen":${m.incomeFen},"residentId":${m.residentId}}`).join(',')}]`;
