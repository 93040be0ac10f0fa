/**
 * The seed catalogue's rules must not contradict each other: an item that requires or
 * names another (a hint "who receives X may apply for Y", a required result) cannot also
 * be exclusive with it, and an exclusion holds both ways. And every amount the seed ships
 * is an example, which the item's description says.
 */
import { describe, expect, it } from 'vitest';
import { referencedCodes, type ItemDefinition } from '../../db/src/catalogue/definition';
import { validatedSeed } from '../../db/src/catalogue/seed/validated';

const EXAMPLE_NOTE = '金额为示例，以本区现行标准为准，使用前须由中心确认';

/**
 * Codes an item depends on: every code it names except its own exclusions and the
 * "does not yet receive" hints (naming an item to say the person lacks it is no reliance
 * on it). A later `requires…` field counts through referencedCodes too.
 */
function reliesOn(d: ItemDefinition): string[] {
  return referencedCodes(d)
    .filter(({ path }) => path[0] !== 'cannotCombineWith' && path[path.length - 1] !== 'lacksActiveBenefit')
    .map(({ code }) => code);
}

/** Whether the definition ships a money amount (age tiers, a default, an amount table). */
function shipsAmounts(value: unknown, key = ''): boolean {
  if (typeof value === 'number') return /amount/i.test(key);
  if (Array.isArray(value)) return value.some((v) => shipsAmounts(v, key));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => shipsAmounts(v, k));
  return false;
}

describe('seed catalogue rules', () => {
  const seed = validatedSeed();
  const byCode = new Map(seed.map((d) => [d.code, d]));

  it('exclusions are symmetric', () => {
    const oneWay = seed.flatMap((d) => d.cannotCombineWith.filter((o) => !byCode.get(o)?.cannotCombineWith.includes(d.code)).map((o) => `${d.code}→${o}`));
    expect(oneWay).toEqual([]);
  });

  it('no item excludes an item it requires or names as a condition', () => {
    const contradictions = seed.flatMap((d) =>
      reliesOn(d)
        .filter((o) => d.cannotCombineWith.includes(o) || byCode.get(o)?.cannotCombineWith.includes(d.code))
        .map((o) => `${d.code}↔${o}`),
    );
    expect(contradictions).toEqual([]);
    // 居家养老服务补贴 rests on the 老年照护统一需求评估 result (长护险评估): never exclusive with it.
    expect(byCode.get('MZ-JJYL-001')!.cannotCombineWith).not.toContain('YB-CHXP-001');
    expect(byCode.get('YB-CHXP-001')!.cannotCombineWith).not.toContain('MZ-JJYL-001');
  });

  it('老年综合津贴 and 高龄老人营养费补贴 exclude each other', () => {
    expect(byCode.get('MZ-LNJT-001')!.cannotCombineWith).toContain('MZ-GLYY-001');
    expect(byCode.get('MZ-GLYY-001')!.cannotCombineWith).toContain('MZ-LNJT-001');
  });

  it('every item shipping amounts says in its description that they are examples', () => {
    const withAmounts = seed.filter((d) => shipsAmounts(d.recurring, 'recurring') || shipsAmounts(d, ''));
    expect(withAmounts.map((d) => d.code)).toEqual(expect.arrayContaining(['MZ-LNJT-001', 'MZ-GLYY-001', 'CL-SHBT-001']));
    expect(withAmounts.filter((d) => !d.description.includes(EXAMPLE_NOTE)).map((d) => d.code)).toEqual([]);
  });
});
