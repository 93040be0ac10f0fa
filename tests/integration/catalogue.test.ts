import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { AppError } from '../../db/src/kernel/errors';
import {
  FAMILIES,
  hintMatches,
  tierAmount,
  validateDefinition,
  type ItemDefinitionInput,
} from '../../db/src/catalogue/definition';
import { assertItemSelectable, getItemVersion, knownItemCodes } from '../../db/src/catalogue/catalogue';
import { validateFormValues } from '../../db/src/catalogue/form-values';
import { seedItems } from '../../db/src/catalogue/seed/items';
import { validatedSeed } from '../../db/src/catalogue/seed/validated';
import { renderRevision, revisionPath } from '../../db/src/catalogue/seed/generate-revision';
import { defaultMigrationsDir } from '../../db/src/database/migrations';
import { createHash } from 'node:crypto';
import { dbAtVersion, err, errRaw, ok, testCore } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** A small valid item that each invalid case below breaks in exactly one way. */
function sample(): ItemDefinitionInput {
  return {
    code: 'TEST-XZ-001',
    name: '测试补贴',
    family: 'subsidy',
    department: '民政',
    description: '测试用事项',
    materials: [
      { key: 'idCard', name: '居民身份证', copies: 1, form: 'original', required: true, deferrable: false },
      { key: 'incomeProof', name: '收入证明', copies: 2, form: 'copy', required: true, deferrable: true },
    ],
    fields: [
      { key: 'cause', label: '困难原因', type: 'select', required: true, options: ['火灾', '疾病'] },
      { key: 'amount', label: '核定金额', type: 'money', required: false, min: 0, max: 5000 },
      { key: 'note', label: '说明', type: 'text', maxLength: 200 },
    ],
    timeLimitDays: 20,
    extensionDays: 10,
    stages: [
      { key: 'homeVisit', name: '入户调查', kind: 'investigation' },
      { key: 'posting', name: '公示', kind: 'posting', minDays: 7 },
      { key: 'approval', name: '审批', kind: 'approval' },
    ],
    householdBased: true,
    recurring: { amountField: 'amount' },
    annualReview: true,
    cannotCombineWith: ['MZ-DB-001'],
    repeatRule: { field: 'cause', per: 'calendar_year' },
    eligibilityHints: [{ when: { minAge: 60, hasActiveBenefit: 'MZ-DB-001' }, text: '低保家庭老人可申请' }],
  };
}

type Mutable = Record<string, any>;
const mutate = (change: (d: Mutable) => void): Mutable => {
  const d = structuredClone(sample()) as Mutable;
  change(d);
  return d;
};

describe('catalogue seed', () => {
  it('has at least 16 items in the three families, each valid under the save validator', () => {
    expect(seedItems.length).toBeGreaterThanOrEqual(16);
    const codes = new Set(seedItems.map((d) => d.code));
    expect(codes.size).toBe(seedItems.length);
    for (const raw of seedItems) {
      const r = validateDefinition(raw, codes);
      expect(r.ok ? [] : r.issues, `${raw.code}`).toEqual([]);
    }
    for (const f of FAMILIES) expect(seedItems.filter((d) => d.family === f).length, f).toBeGreaterThanOrEqual(5);
  });

  it('keeps the released first seed (0003) byte for byte', () => {
    const file = join(defaultMigrationsDir(), '0003_catalogue.sql');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe('3106ba25a82b03cb160da23b398bb3531fd35de702c90ed0c077235839bc205b');
  });

  it('ships the seed changes as the generated revision, the last migration, up to date with items.ts', () => {
    const dir = defaultMigrationsDir();
    expect(readFileSync(revisionPath(dir), 'utf8')).toBe(renderRevision(dir));
  });

  it('stores each seeded item, at its current version, equal to the validated seed and valid against the database', async () => {
    const core = testCore();
    const known = knownItemCodes(core.db);
    const seed = validatedSeed();
    expect(known.size).toBe(seed.length);
    for (const d of seed) {
      const stored = getItemVersion(core.db, d.code);
      const { version, savedAt, ...definition } = stored;
      expect(version).toBeGreaterThanOrEqual(1);
      expect(savedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(definition).toEqual(d);
      const r = validateDefinition(definition, known);
      expect(r.ok ? [] : r.issues, d.code).toEqual([]);
    }
  });

  it('carries the rules the domain names for the key items', async () => {
    const core = testCore();
    const dibao = await ok(core, 'catalogue.get', { code: 'MZ-DB-001' });
    expect(dibao).toMatchObject({ name: '最低生活保障', householdBased: true, timeLimitDays: 30, extensionDays: 15, annualReview: true });
    expect(dibao.recurring).not.toBeNull();
    // 收受分离: the centre investigates and posts, the 区民政局 decides (10 working days from the hand-off)
    expect(dibao).toMatchObject({ decidedBy: '区民政局', districtTimeLimitDays: 10 });
    expect(dibao.stages.map((s) => s.name)).toEqual(['入户调查', '初审', '民主评议', '公示', '待区级审核确认']);
    expect(dibao.stages.at(-1)!.kind).toBe('district');
    expect(await ok(core, 'catalogue.get', { code: 'MZ-TK-001' })).toMatchObject({ decidedBy: '区民政局', districtTimeLimitDays: 20 });
    expect(await ok(core, 'catalogue.get', { code: 'YB-CHXP-001' })).toMatchObject({ decidedBy: '区医保局', districtTimeLimitDays: 10 });
    expect(await ok(core, 'catalogue.get', { code: 'MZ-LNJT-001' })).toMatchObject({ decidedBy: 'centre' });
    expect(dibao.stages.find((s) => s.kind === 'posting')!.minDays).toBeGreaterThanOrEqual(7);
    expect(dibao.recurring?.meansTest).toEqual({ kind: 'per_capita_income', standardSetting: 'dibao' });

    const relief = await ok(core, 'catalogue.get', { code: 'MZ-LSJZ-001' });
    expect(relief).toMatchObject({ timeLimitDays: 15, advanceRelief: true, repeatRule: { field: 'cause', per: 'calendar_year' } });

    const allowance = getItemVersion(core.db, 'MZ-LNJT-001');
    expect(allowance.eligibilityHints.some((h) => h.when.minAge === 65)).toBe(true);
    expect(tierAmount(allowance.recurring!, 64)).toBeNull();
    expect(tierAmount(allowance.recurring!, 65)).toBe(75);
    expect(tierAmount(allowance.recurring!, 100)).toBe(600);
    const nutrition = getItemVersion(core.db, 'MZ-GLYY-001');
    expect(nutrition.eligibilityHints.some((h) => h.when.minAge === 90)).toBe(true);

    const materials = seedItems.flatMap((d) => (d.materials ?? []).map((m) => m.name)).join(' ');
    for (const word of ['身份证', '户口簿', '收入证明', '残疾人证', '就业创业证', '银行卡']) expect(materials).toContain(word);
  });
});

describe('catalogue.list', () => {
  it('lists every current item with code, name, family and pinyin', async () => {
    const core = testCore();
    const items = await ok(core, 'catalogue.list', {});
    expect(items.length).toBeGreaterThanOrEqual(16);
    expect(new Set(items.map((i) => i.family))).toEqual(new Set(FAMILIES));
    const dibao = items.find((i) => i.code === 'MZ-DB-001');
    expect(dibao).toMatchObject({
      name: '最低生活保障',
      family: 'subsidy',
      department: '民政',
      // the seed's revisions (generate-revision.ts) give changed items new versions
      version: expect.any(Number),
      retired: false,
      timeLimitDays: 30,
      pinyin: 'zuidishenghuobaozhang',
      pinyinInitials: 'zdshbz',
    });
  });

  it('filters by family', async () => {
    const core = testCore();
    for (const family of FAMILIES) {
      const items = await ok(core, 'catalogue.list', { family });
      expect(items.length).toBeGreaterThanOrEqual(5);
      expect(items.every((i) => i.family === family)).toBe(true);
    }
    const e = await errRaw(core, 'catalogue.list', { family: 'housing' });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields?.[0]?.path).toBe('family');
  });

  it.each([
    ['name', '临时救助', 'MZ-LSJZ-001'],
    ['part of a name', '营养费', 'MZ-GLYY-001'],
    ['short name', '低保', 'MZ-DB-001'],
    ['code', 'RS-SYDJ-001', 'RS-SYDJ-001'],
    ['code in lower case', 'rs-sydj', 'RS-SYDJ-001'],
    ['pinyin initials', 'lsjz', 'MZ-LSJZ-001'],
    ['pinyin initials of 长 read as chang', 'cqhlbx', 'YB-CHXP-001'],
    ['full pinyin', 'laonianzonghejintie', 'MZ-LNJT-001'],
    ['pinyin of a short name', 'dibao', 'MZ-DB-001'],
  ])('finds an item by %s (%s)', async (_how, query, code) => {
    const core = testCore();
    const items = await ok(core, 'catalogue.list', { query });
    expect(items[0]?.code).toBe(code);
  });

  it('ranks an exact code first and returns nothing for a query that matches nothing', async () => {
    const core = testCore();
    const byCode = await ok(core, 'catalogue.list', { query: 'MZ-DB-001' });
    expect(byCode.map((i) => i.code)).toEqual(['MZ-DB-001']);
    const subsidies = await ok(core, 'catalogue.list', { query: 'butie' });
    expect(subsidies.length).toBeGreaterThan(3);
    expect(subsidies.every((i) => [i.name, ...i.aliases].some((n: string) => n.includes('补贴')))).toBe(true);
    expect(await ok(core, 'catalogue.list', { query: '不存在的事项' })).toEqual([]);
    expect(await ok(core, 'catalogue.list', { query: 'zzzzqqq' })).toEqual([]);
  });
});

describe('catalogue.get and catalogue.save', () => {
  it('creates version 1 for a new code and n+1 for an existing one', async () => {
    const core = testCore();
    expect(await ok(core, 'catalogue.save', { definition: sample() })).toEqual({ code: 'TEST-XZ-001', version: 1, created: true });
    const edited = { ...sample(), name: '测试补贴（修订）', timeLimitDays: 25 };
    expect(await ok(core, 'catalogue.save', { definition: edited })).toEqual({ code: 'TEST-XZ-001', version: 2, created: false });

    const current = await ok(core, 'catalogue.get', { code: 'TEST-XZ-001' });
    expect(current).toMatchObject({ version: 2, currentVersion: 2, name: '测试补贴（修订）', timeLimitDays: 25, retired: false });
    const listed = (await ok(core, 'catalogue.list', { query: 'TEST-XZ-001' }))[0];
    expect(listed).toMatchObject({ version: 2, name: '测试补贴（修订）', timeLimitDays: 25 });
  });

  it('keeps reading the version a case was accepted under after the item is edited', async () => {
    const core = testCore();
    // what a case stores at intake: the code and the version it was accepted under
    const current = await ok(core, 'catalogue.get', { code: 'MZ-LSJZ-001' });
    const caseRef = { itemCode: current.code as string, itemVersion: current.version as number };
    expect(caseRef.itemVersion).toBe(1);

    const { version: _v, currentVersion: _c, savedAt: _s, retired: _r, retiredAt: _ra, retiredReason: _rr, ...definition } = current;
    const changed = {
      ...definition,
      timeLimitDays: 10,
      materials: [...definition.materials, { key: 'extraProof', name: '社区证明', copies: 1, form: 'original' as const, required: true }],
    };
    expect(await ok(core, 'catalogue.save', { definition: changed, expectedCurrentVersion: 1 })).toMatchObject({ version: 2 });

    const asAccepted = getItemVersion(core.db, caseRef.itemCode, caseRef.itemVersion);
    expect(asAccepted.version).toBe(1);
    expect(asAccepted.timeLimitDays).toBe(15);
    expect(asAccepted.materials.map((m) => m.key)).not.toContain('extraProof');
    expect((await ok(core, 'catalogue.get', { code: 'MZ-LSJZ-001', version: 1 })).timeLimitDays).toBe(15);
    expect(getItemVersion(core.db, 'MZ-LSJZ-001').timeLimitDays).toBe(10);
    expect(assertItemSelectable(core.db, 'MZ-LSJZ-001').version).toBe(2);

    // the stored versions themselves cannot be rewritten behind the catalogue's back
    expect(() => core.db.prepare("UPDATE catalogue_item_versions SET definition = '{}' WHERE code = 'MZ-LSJZ-001' AND version = 1").run()).toThrow(
      /不可修改/,
    );
    expect(() => core.db.prepare("DELETE FROM catalogue_item_versions WHERE code = 'MZ-LSJZ-001'").run()).toThrow(/不可删除/);
  });

  it('refuses a save based on a stale version and changes nothing', async () => {
    const core = testCore();
    await ok(core, 'catalogue.save', { definition: sample() });
    await ok(core, 'catalogue.save', { definition: { ...sample(), timeLimitDays: 21 }, expectedCurrentVersion: 1 });
    const stale = await err(core, 'catalogue.save', { definition: { ...sample(), timeLimitDays: 22 }, expectedCurrentVersion: 1 });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/已被他人修改/);
    expect(stale.details).toMatchObject({ currentVersion: 2 });
    const exists = await err(core, 'catalogue.save', { definition: sample(), expectedCurrentVersion: 0 });
    expect(exists.code).toBe('CONFLICT');
    expect((await ok(core, 'catalogue.get', { code: 'TEST-XZ-001' })).timeLimitDays).toBe(21);
  });

  it('normalises a lower-case code to the same item', async () => {
    const core = testCore();
    await ok(core, 'catalogue.save', { definition: { ...sample(), code: 'test-xz-001' } });
    expect(await ok(core, 'catalogue.save', { definition: sample() })).toMatchObject({ code: 'TEST-XZ-001', version: 2 });
    expect((await ok(core, 'catalogue.get', { code: 'test-xz-001' })).code).toBe('TEST-XZ-001');
  });

  it('answers NOT_FOUND for an unknown code or version, in Chinese', async () => {
    const core = testCore();
    const noItem = await err(core, 'catalogue.get', { code: 'NO-SUCH-001' });
    expect(noItem.code).toBe('NOT_FOUND');
    expect(noItem.message).toMatch(/没有编码为“NO-SUCH-001”的事项/);
    const noVersion = await err(core, 'catalogue.get', { code: 'MZ-DB-001', version: 9 });
    expect(noVersion.code).toBe('NOT_FOUND');
    expect(noVersion.message).toMatch(/没有第 9 版/);
  });
});

describe('catalogue.save refuses invalid definitions, naming the problem', () => {
  const cases: [string, Mutable, string, RegExp][] = [
    ['an unknown field type', mutate((d) => (d.fields[2].type = 'colour')), 'definition.fields.2.type', /未知的字段类型“colour”/],
    [
      'a stage list without a decision stage',
      mutate((d) => d.stages.pop()),
      'definition.stages',
      /缺少审批/,
    ],
    [
      'two decision stages',
      mutate((d) => d.stages.unshift({ key: 'early', name: '预审批', kind: 'approval' })),
      'definition.stages.3.kind',
      /只能有一个审批/,
    ],
    [
      'a decision stage that is not the last',
      mutate((d) => d.stages.push({ key: 'after', name: '回访', kind: 'review' })),
      'definition.stages.2.kind',
      /必须是最后一个环节/,
    ],
    ['an empty stage list', mutate((d) => (d.stages = [])), 'definition.stages', /至少需要一个审批环节/],
    ['a zero time limit', mutate((d) => (d.timeLimitDays = 0)), 'definition.timeLimitDays', /办理时限应为正数/],
    ['a negative time limit', mutate((d) => (d.timeLimitDays = -5)), 'definition.timeLimitDays', /办理时限应为正数/],
    ['a fractional time limit', mutate((d) => (d.timeLimitDays = 2.5)), 'definition.timeLimitDays', /办理时限应为整数/],
    ['a negative extension', mutate((d) => (d.extensionDays = -1)), 'definition.extensionDays', /延期天数不能为负数/],
    ['a duplicate material key', mutate((d) => (d.materials[1].key = 'idCard')), 'definition.materials.1.key', /材料标识“idCard”重复/],
    ['a duplicate field key', mutate((d) => (d.fields[2].key = 'cause')), 'definition.fields.2.key', /字段标识“cause”重复/],
    ['a duplicate stage key', mutate((d) => (d.stages[1].key = 'homeVisit')), 'definition.stages.1.key', /环节标识“homeVisit”重复/],
    ['a posting stage without minDays', mutate((d) => delete d.stages[1].minDays), 'definition.stages.1.minDays', /不少于 7 天/],
    ['a posting stage shorter than 7 days', mutate((d) => (d.stages[1].minDays = 5)), 'definition.stages.1.minDays', /不少于 7 天/],
    ['minDays on a stage that is not posting', mutate((d) => (d.stages[0].minDays = 7)), 'definition.stages.0.minDays', /只有公示环节/],
    ['a select without options', mutate((d) => delete d.fields[0].options), 'definition.fields.0.options', /必须给出选项/],
    ['a select with an empty option list', mutate((d) => (d.fields[0].options = [])), 'definition.fields.0.options', /必须给出选项/],
    ['duplicate select options', mutate((d) => (d.fields[0].options = ['火灾', '火灾'])), 'definition.fields.0.options.1', /选项“火灾”重复/],
    ['options on a text field', mutate((d) => (d.fields[2].options = ['a'])), 'definition.fields.2.options', /只有下拉字段/],
    ['min above max', mutate((d) => (d.fields[1].min = 9000)), 'definition.fields.1.max', /最大值小于最小值/],
    ['maxLength on a money field', mutate((d) => (d.fields[1].maxLength = 10)), 'definition.fields.1.maxLength', /只有文本字段/],
    ['zero copies of a material', mutate((d) => (d.materials[0].copies = 0)), 'definition.materials.0.copies', /至少 1 份/],
    ['an unknown material form', mutate((d) => (d.materials[0].form = 'scan')), 'definition.materials.0.form', /未知的材料形式/],
    ['an unknown family', mutate((d) => (d.family = 'housing')), 'definition.family', /未知的事项类别/],
    ['a malformed code', mutate((d) => (d.code = '低保 1')), 'definition.code', /事项编码只能/],
    ['an unknown key', mutate((d) => (d.timeLimit = 30)), 'definition', /timeLimit/],
    [
      'cannotCombineWith naming an unknown code',
      mutate((d) => (d.cannotCombineWith = ['NO-SUCH-001'])),
      'definition.cannotCombineWith.0',
      /“NO-SUCH-001”在事项目录中不存在/,
    ],
    ['cannotCombineWith naming itself', mutate((d) => (d.cannotCombineWith = ['TEST-XZ-001'])), 'definition.cannotCombineWith.0', /不能与自身互斥/],
    [
      'a hint naming an unknown benefit',
      mutate((d) => (d.eligibilityHints[0].when.hasActiveBenefit = 'NO-SUCH-002')),
      'definition.eligibilityHints.0.when.hasActiveBenefit',
      /“NO-SUCH-002”在事项目录中不存在/,
    ],
    ['a hint with no condition', mutate((d) => (d.eligibilityHints[0].when = {})), 'definition.eligibilityHints.0.when', /至少需要一个条件/],
    [
      'a hint with minAge above maxAge',
      mutate((d) => (d.eligibilityHints[0].when = { minAge: 70, maxAge: 60 })),
      'definition.eligibilityHints.0.when.maxAge',
      /年龄上限小于下限/,
    ],
    ['a repeat rule on an unknown field', mutate((d) => (d.repeatRule.field = 'reason')), 'definition.repeatRule.field', /“reason”不在表单字段中/],
    [
      'a recurring amount field that is not money',
      mutate((d) => (d.recurring.amountField = 'note')),
      'definition.recurring.amountField',
      /应为金额（money）类型/,
    ],
    [
      'overlapping age tiers',
      mutate((d) => (d.recurring = { ageTiers: [{ minAge: 65, maxAge: 70, monthlyAmount: 75 }, { minAge: 70, monthlyAmount: 150 }] })),
      'definition.recurring.ageTiers.1.minAge',
      /互不重叠/,
    ],
    [
      'a means test on an item not applied for by household',
      mutate((d) => ((d.householdBased = false), (d.recurring.meansTest = { kind: 'per_capita_income', standardSetting: 'dibao' }))),
      'definition.recurring.meansTest',
      /必须以家庭为单位申请/,
    ],
    [
      'a means test beside age tiers',
      mutate((d) => (d.recurring = { meansTest: { kind: 'per_capita_income', standardSetting: 'dibao' }, ageTiers: [{ minAge: 60, monthlyAmount: 75 }] })),
      'definition.recurring.meansTest',
      /不能同时按年龄档发放/,
    ],
    ['an unknown means test', mutate((d) => (d.recurring.meansTest = { kind: 'assets_only', standardSetting: 'dibao' })), 'definition.recurring.meansTest.kind', /未知的家庭经济状况核算方式/],
    [
      'a monthly amount with fractions of a fen',
      mutate((d) => (d.recurring = { defaultMonthlyAmount: 12.345 })),
      'definition.recurring.defaultMonthlyAmount',
      /两位小数/,
    ],
  ];

  it.each(cases)('refuses %s', async (_what, definition, path, message) => {
    const core = testCore();
    const before = (await ok(core, 'catalogue.list', { includeRetired: true })).length;
    const e = await errRaw(core, 'catalogue.save', { definition });
    expect(e.code).toBe('VALIDATION');
    const issue = e.fields?.find((f) => f.path === path);
    expect(issue, JSON.stringify(e.fields)).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect(e.message).toContain(path);
    expect((await ok(core, 'catalogue.list', { includeRetired: true })).length).toBe(before);
    expect(core.db.prepare("SELECT count(*) AS n FROM catalogue_item_versions WHERE code = 'TEST-XZ-001'").get()).toEqual({ n: 0 });
  });

  it('accepts the sample itself, so each refusal above is due to its one change', async () => {
    const core = testCore();
    expect(await ok(core, 'catalogue.save', { definition: sample() })).toMatchObject({ version: 1 });
  });
});

describe('catalogue.retire', () => {
  it('hides a retired item from new cases but keeps it readable, and restores it', async () => {
    const core = testCore();
    const retired = await ok(core, 'catalogue.retire', { code: 'RS-LHJY-001', reason: '政策到期' });
    expect(retired).toMatchObject({ code: 'RS-LHJY-001', retired: true, retiredReason: '政策到期' });

    const active = await ok(core, 'catalogue.list', {});
    expect(active.map((i) => i.code)).not.toContain('RS-LHJY-001');
    const all = await ok(core, 'catalogue.list', { includeRetired: true });
    expect(all.find((i) => i.code === 'RS-LHJY-001')).toMatchObject({ retired: true });
    expect(all.length).toBe(active.length + 1);

    const read = await ok(core, 'catalogue.get', { code: 'RS-LHJY-001' });
    expect(read).toMatchObject({ name: '灵活就业社保补贴', retired: true, retiredReason: '政策到期' });
    expect(getItemVersion(core.db, 'RS-LHJY-001', 1).name).toBe('灵活就业社保补贴');

    let thrown: unknown;
    try {
      assertItemSelectable(core.db, 'RS-LHJY-001');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('CONFLICT');
    expect((thrown as AppError).message).toMatch(/已停用，不能再受理新的申请/);

    // still a valid target for other items' rules: old cases and benefits refer to it
    await ok(core, 'catalogue.save', { definition: { ...sample(), cannotCombineWith: ['RS-LHJY-001'] } });

    expect((await err(core, 'catalogue.retire', { code: 'RS-LHJY-001' })).code).toBe('CONFLICT');
    await ok(core, 'catalogue.restore', { code: 'RS-LHJY-001' });
    expect(assertItemSelectable(core.db, 'RS-LHJY-001').code).toBe('RS-LHJY-001');
    expect((await err(core, 'catalogue.restore', { code: 'RS-LHJY-001' })).code).toBe('CONFLICT');
    expect((await err(core, 'catalogue.retire', { code: 'NO-SUCH-001' })).code).toBe('NOT_FOUND');
  });

  it('keeps an item retired when a new version is saved', async () => {
    const core = testCore();
    await ok(core, 'catalogue.save', { definition: sample() });
    await ok(core, 'catalogue.retire', { code: 'TEST-XZ-001' });
    await ok(core, 'catalogue.save', { definition: { ...sample(), timeLimitDays: 12 } });
    expect(await ok(core, 'catalogue.get', { code: 'TEST-XZ-001' })).toMatchObject({ version: 2, retired: true });
  });
});

describe('eligibility hint rules', () => {
  const facts = { age: 66, sex: 'female' as const, householdSize: 3, activeBenefits: new Set(['MZ-DB-001']) };
  it.each([
    [{ minAge: 65 }, true],
    [{ minAge: 90 }, false],
    [{ maxAge: 35 }, false],
    [{ sex: 'female' as const, minAge: 40 }, true],
    [{ sex: 'male' as const }, false],
    [{ inHousehold: true, minHouseholdSize: 3 }, true],
    [{ maxHouseholdSize: 2 }, false],
    [{ hasActiveBenefit: 'MZ-DB-001' }, true],
    [{ lacksActiveBenefit: 'MZ-DB-001' }, false],
    [{ lacksActiveBenefit: 'MZ-LNJT-001', minAge: 65 }, true],
  ])('%j matches a 66-year-old woman in a low-income household of 3: %s', (rule, expected) => {
    expect(hintMatches(rule, facts)).toBe(expected);
  });

  it('treats a resident without a household as not in one', () => {
    const alone = { ...facts, householdSize: null };
    expect(hintMatches({ inHousehold: false }, alone)).toBe(true);
    expect(hintMatches({ minHouseholdSize: 1 }, alone)).toBe(false);
  });
});

describe('form values against an item\'s fields', () => {
  it('accepts good values, trimming text and dropping blank optional fields', () => {
    const relief = getItemVersion(testCore().db, 'MZ-LSJZ-001');
    const r = validateFormValues(relief.fields, {
      cause: 'fire',
      eventDate: '2024-02-29',
      expenses: 1234.5,
      urgent: true,
      description: '  家中失火  ',
    });
    expect(r).toEqual({
      ok: true,
      values: { cause: 'fire', eventDate: '2024-02-29', expenses: 1234.5, urgent: true, description: '家中失火' },
    });
  });

  it('names every wrong field at once', () => {
    const relief = getItemVersion(testCore().db, 'MZ-LSJZ-001');
    const r = validateFormValues(relief.fields, {
      cause: 'flood',
      eventDate: '2023-02-29',
      expenses: -1,
      description: '',
      colour: 'red',
    });
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries((r.ok ? [] : r.issues).map((i) => [i.path, i.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      ['values.cause', 'values.colour', 'values.description', 'values.eventDate', 'values.expenses', 'values.urgent'].sort(),
    );
    expect(byPath['values.cause']).toMatch(/火灾等自然灾害/);
    expect(byPath['values.eventDate']).toMatch(/有效日期/);
    expect(byPath['values.expenses']).toMatch(/不能小于 0/);
    expect(byPath['values.urgent']).toMatch(/请填写“是否需先行救助”/);
  });
});

describe('migration 0003', () => {
  it('adds the catalogue to a version 2 database and keeps its data', async () => {
    const { db, path } = dbAtVersion(2);
    db.prepare("UPDATE settings SET value = json_quote('虹桥街道社区事务受理服务中心') WHERE key = 'centreName'").run();
    db.close();

    const core = openCore({ dbPath: path, logger: quiet });
    try {
      expect(core.applied).toContain(3);
      const settings = await ok(core, 'settings.get');
      expect(settings.centreName).toBe('虹桥街道社区事务受理服务中心');
      const items = await ok(core, 'catalogue.list', {});
      expect(items.length).toBe(seedItems.length);
      expect(new Set(items.map((i) => i.family)).size).toBe(3);
      expect(core.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      core.close();
    }
  });
});
