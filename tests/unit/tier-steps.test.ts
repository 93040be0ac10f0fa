import { describe, expect, it } from 'vitest';
import { addMonths } from '../../db/src/beneficiaries/months';
import { birthdayAt, paidAge, tierStepsAfter } from '../../db/src/beneficiaries/tier-steps';
import { matchTier, type Recurring } from '../../db/src/catalogue/definition';

const TIERS: Recurring['ageTiers'] = [
  { minAge: 65, maxAge: 69, monthlyAmount: 75 },
  { minAge: 70, maxAge: 79, monthlyAmount: 150 },
  { minAge: 80, maxAge: 89, monthlyAmount: 180 },
  { minAge: 90, maxAge: 99, monthlyAmount: 350 },
  { minAge: 100, monthlyAmount: 600 },
];

describe('age-tier steps: the months recorded at approval are the months the paid age changes tier', () => {
  for (const tierStepFrom of ['birthday_month', 'next_month'] as const) {
    it(`${tierStepFrom}: month by month over forty years, for birthdays on the 1st, mid-month, the 31st and 29 February`, () => {
      const r: Recurring = { ageTiers: TIERS, tierStepFrom };
      for (const birth of ['1946-06-15', '1946-06-01', '1946-12-31', '1948-02-29', '1956-02-29', '1955-01-31']) {
        const start = '2021-01';
        const steps = tierStepsAfter(r, birth, start);
        let amount = matchTier(r, paidAge(r, birth, start))?.monthlyAmount;
        for (let m = addMonths(start, 1); m < '2061-01'; m = addMonths(m, 1)) {
          const tier = matchTier(r, paidAge(r, birth, m));
          const step = steps.find((s) => s.month === m);
          if (tier?.monthlyAmount !== amount) expect(step, `${birth} ${m}`).toMatchObject({ fen: tier!.monthlyAmount * 100 });
          else expect(step, `${birth} ${m}`).toBeUndefined();
          amount = tier?.monthlyAmount;
        }
      }
    });
  }

  it('a 29 February birthday turns over on 1 March in a common year, on the day in a leap year', () => {
    expect(birthdayAt('1956-02-29', 70)).toBe('2026-03-01');
    expect(birthdayAt('1948-02-29', 80)).toBe('2028-02-29');
    expect(birthdayAt('1946-06-15', 80)).toBe('2026-06-15');
  });

  it('an item without the field steps in the birthday month, as approvals always did', () => {
    expect(tierStepsAfter({ ageTiers: TIERS }, '1946-06-15', '2026-04')[0]).toMatchObject({ month: '2026-06', age: 80 });
    expect(tierStepsAfter({ ageTiers: TIERS, tierStepFrom: 'next_month' }, '1946-06-15', '2026-04')[0]).toMatchObject({ month: '2026-07', age: 80 });
  });
});
