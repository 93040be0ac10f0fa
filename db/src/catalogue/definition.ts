/**
 * What an item of the catalogue is: the rules a "全岗通" clerk would otherwise have to
 * remember (materials, form fields, time limit, review stages ...). Every number here is
 * data an administrator can change by saving a new version; nothing in code assumes a
 * particular item.
 */
import { z } from '../kernel/zod-zh';
import type { FieldIssue } from '../kernel/errors';
import { freeText } from '../validation/free-text';

import { FAMILIES, type Family } from '../shared/vocabulary';
import { gradeAmountIssues } from './grade-amounts';

export { FAMILIES, FAMILY_LABELS, type Family } from '../shared/vocabulary';

/** decidedBy of an item the centre itself decides */
export const CENTRE = 'centre';

export const FIELD_TYPES = ['text', 'number', 'money', 'date', 'select', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * `posting` (公示) stops the deadline clock; `approval` (审批) is the one final decision of an
 * item the centre decides. `district` (待区级审核确认) ends the centre's stages of an item a
 * district authority decides (收受分离): the case is handed off and waits for the decision
 * file. The others are ordinary working steps that count toward the time limit.
 */
export const STAGE_KINDS = ['investigation', 'assessment', 'review', 'posting', 'approval', 'district'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** The legal floor for a 公示 period; an item may ask for more, never less. */
export const MIN_POSTING_DAYS = 7;

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (iss) => `未知的${what}“${String(iss.input)}”，可选：${values.join('、')}` });

/** Codes are stable identifiers printed on ledgers; upper case so 'mz-db-001' cannot become a second item. */
export const itemCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, '事项编码只能由大写字母、数字和连字符组成，例如 MZ-DB-001')
  .min(3, '事项编码至少 3 个字符')
  .max(32, '事项编码最多 32 个字符');

// Keys name stored values (form values, received materials, stage records) in cases, so
// they stay ASCII and stable while labels may be reworded freely.
const keySchema = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, `${what}标识只能由字母、数字和下划线组成，且以字母开头`)
    .max(40, `${what}标识最多 40 个字符`);

const label = (what: string, max: number) => freeText(what, { min: 1, max, emptyMessage: `${what}不能为空` });

const days = (what: string) => z.number().int(`${what}应为整数`);

const money = (what: string) =>
  z
    .number()
    .nonnegative(`${what}不能为负数`)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, `${what}最多保留两位小数（元、角、分）`);

export const materialSchema = z
  .object({
    key: keySchema('材料'),
    name: label('材料名称', 60),
    copies: z.number().int('份数应为整数').min(1, '应交份数至少 1 份').max(20, '应交份数最多 20 份'),
    form: oneOf(['original', 'copy'] as const, '材料形式'),
    required: z.boolean(),
    /** may be missing at acceptance under 容缺受理, to be delivered by a due date */
    deferrable: z.boolean().default(false),
    note: freeText('材料说明', { max: 200 }).optional(),
  })
  .strict();
export type Material = z.output<typeof materialSchema>;

// A plain string is made into its object first, so that its problems are reported as the
// object's (a union would only say that neither form fits).
const optionSchema = z.preprocess(
  (o: string | { value: string; label: string }) => (typeof o === 'string' ? { value: o, label: o } : o),
  z.object({ value: label('选项值', 40), label: label('选项名称', 40) }).strict(),
);

export const formFieldSchema = z
  .object({
    key: keySchema('字段'),
    label: label('字段名称', 40),
    type: oneOf(FIELD_TYPES, '字段类型'),
    required: z.boolean().default(false),
    /** number and money only; money is in yuan */
    min: z.number().optional(),
    max: z.number().optional(),
    /** text only */
    maxLength: z.number().int('最大长度应为整数').min(1, '最大长度至少为 1').max(2000, '最大长度最多 2000').optional(),
    /** select only; a plain string stands for { value: s, label: s } */
    options: z.array(optionSchema).optional(),
    help: freeText('字段提示', { max: 200 }).optional(),
  })
  .strict();
export type FormField = z.output<typeof formFieldSchema>;

export const stageSchema = z
  .object({
    key: keySchema('环节'),
    name: label('环节名称', 20),
    kind: oneOf(STAGE_KINDS, '环节类型'),
    /** posting (公示) only: calendar days the notice stays up */
    minDays: days('公示天数').optional(),
  })
  .strict();
export type Stage = z.output<typeof stageSchema>;

export const TIER_STEP_FROM = ['birthday_month', 'next_month'] as const;
export type TierStepFrom = (typeof TIER_STEP_FROM)[number];

/** A monthly amount fixed by the resident's age on the payment month (老年综合津贴, 高龄营养费). */
export const ageTierSchema = z
  .object({
    minAge: z.number().int('年龄应为整数').min(0, '年龄不能为负数').max(150, '年龄不合理'),
    maxAge: z.number().int('年龄应为整数').min(0, '年龄不能为负数').max(150, '年龄不合理').optional(),
    monthlyAmount: money('每月金额'),
  })
  .strict();
export type AgeTier = z.output<typeof ageTierSchema>;

/** A monthly amount fixed by an assessed grade (居家养老服务补贴 by 照护等级): see grade-amounts.ts. */
export const gradeAmountsSchema = z
  .object({
    field: keySchema('等级字段'),
    amounts: z
      .array(z.object({ grade: label('等级', 40), monthlyAmount: money('每月金额') }).strict())
      .min(1, '至少需要一个等级的金额'),
  })
  .strict();
export type GradeAmounts = z.output<typeof gradeAmountsSchema>;

/**
 * A household means test (低保): per-capita monthly income of the household's members,
 * declared at intake, against the standard the centre keeps as a dated setting
 * (`standardSetting: 'dibao'` → settings.dibaoStandards). The amount approved is
 * (standard − per-capita income) × household size; see means/means-test.ts.
 */
export const meansTestSchema = z
  .object({
    kind: oneOf(['per_capita_income'] as const, '家庭经济状况核算方式'),
    standardSetting: oneOf(['dibao'] as const, '保障标准设置'),
  })
  .strict();
export type MeansTest = z.output<typeof meansTestSchema>;

/**
 * How the monthly amount of a recurring benefit is found, first match wins: the form field
 * named by `amountField`, else the grade table, else the age tier, else
 * `defaultMonthlyAmount`; none of them means the approver sets it.
 */
export const recurringSchema = z
  .object({
    defaultMonthlyAmount: money('默认月发放金额').optional(),
    amountField: keySchema('金额字段').optional(),
    ageTiers: z.array(ageTierSchema).optional(),
    gradeAmounts: gradeAmountsSchema.optional(),
    /**
     * From which month a beneficiary reaching a new age tier is paid at it: the month of the
     * birthday, or the month after (Shanghai's 老年综合津贴). Absent on versions stored before
     * it existed, which read as 'birthday_month', what approvals always did (tier-steps.ts).
     */
    tierStepFrom: oneOf(TIER_STEP_FROM, '年龄档调整起始月').optional(),
    /** the range an amount typed at approval must lie in (amount-range.ts) */
    minMonthlyAmount: money('最低月发放金额').optional(),
    maxMonthlyAmount: money('最高月发放金额').optional(),
    /** none by default: only an item that declares it is means-tested */
    meansTest: meansTestSchema.optional(),
  })
  .strict();
export type Recurring = z.output<typeof recurringSchema>;

/** 临时救助: once per value of `field` per calendar year for the same person. */
export const repeatRuleSchema = z
  .object({
    field: keySchema('字段'),
    per: oneOf(['calendar_year'] as const, '周期'),
  })
  .strict();
export type RepeatRule = z.output<typeof repeatRuleSchema>;

/** Every condition given must hold; several hints on one item are alternatives. */
export const hintRuleSchema = z
  .object({
    minAge: z.number().int('年龄应为整数').min(0, '年龄不能为负数').max(150, '年龄不合理').optional(),
    maxAge: z.number().int('年龄应为整数').min(0, '年龄不能为负数').max(150, '年龄不合理').optional(),
    sex: oneOf(['male', 'female'] as const, '性别').optional(),
    inHousehold: z.boolean().optional(),
    minHouseholdSize: z.number().int('人数应为整数').min(1, '户内人数至少为 1').optional(),
    maxHouseholdSize: z.number().int('人数应为整数').min(1, '户内人数至少为 1').optional(),
    hasActiveBenefit: itemCodeSchema.optional(),
    lacksActiveBenefit: itemCodeSchema.optional(),
  })
  .strict();
export type HintRule = z.output<typeof hintRuleSchema>;

export const eligibilityHintSchema = z
  .object({
    when: hintRuleSchema,
    text: label('提示文字', 120),
  })
  .strict();
export type EligibilityHint = z.output<typeof eligibilityHintSchema>;

const definitionShape = z
  .object({
    code: itemCodeSchema,
    name: label('事项名称', 40),
    /** short names clerks type (低保, 长护险); found by the list's search like the name */
    aliases: z.array(label('简称', 20)).max(10, '简称最多 10 个').default([]),
    family: oneOf(FAMILIES, '事项类别'),
    department: label('主管部门', 20),
    /**
     * Who takes the decision: 'centre' (本中心), or the district authority's name (区民政局,
     * 区医保局 ...). Absent on versions stored before it existed, which read as 'centre'.
     */
    decidedBy: label('决定机关', 20).default(CENTRE),
    /** a district-decided item: the authority's time limit in working days from the hand-off */
    districtTimeLimitDays: days('区级办理时限').positive('区级办理时限应为正数（工作日）').max(365, '区级办理时限最多 365 个工作日').optional(),
    description: freeText('事项说明', { max: 1000, multiline: true }).default(''),
    materials: z.array(materialSchema).max(60, '材料最多 60 项').default([]),
    fields: z.array(formFieldSchema).max(60, '表单字段最多 60 个').default([]),
    timeLimitDays: days('办理时限').positive('办理时限应为正数（工作日）').max(365, '办理时限最多 365 个工作日'),
    extensionDays: days('延期天数').min(0, '延期天数不能为负数（0 表示不可延期）').max(365, '延期天数最多 365 个工作日').default(0),
    stages: z.array(stageSchema).min(1, '至少需要一个审批环节'),
    householdBased: z.boolean().default(false),
    /** only for residents of 本市户籍: never hinted to others, and the precheck warns (cases/hukou-rule.ts) */
    requiresLocalHukou: z.boolean().default(false),
    recurring: recurringSchema.nullable().default(null),
    annualReview: z.boolean().default(false),
    cannotCombineWith: z.array(itemCodeSchema).default([]),
    repeatRule: repeatRuleSchema.nullable().default(null),
    /** 先行救助: help may be given before the review is complete (临时救助) */
    advanceRelief: z.boolean().default(false),
    eligibilityHints: z.array(eligibilityHintSchema).default([]),
  })
  .strict();

type Issue = { path: (string | number)[]; message: string };

function duplicates(list: { key: string }[], what: string, at: string, out: Issue[]) {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.key)) out.push({ path: [at, i, 'key'], message: `${what}标识“${x.key}”重复` });
    seen.add(x.key);
  });
}

/** Rules that span several fields; shape errors are reported first by zod. */
export function semanticIssues(d: z.output<typeof definitionShape>): Issue[] {
  const out: Issue[] = [];
  duplicates(d.materials, '材料', 'materials', out);
  d.aliases.forEach((a, i) => {
    if (a === d.name || d.aliases.indexOf(a) !== i) out.push({ path: ['aliases', i], message: `简称“${a}”重复` });
  });
  duplicates(d.fields, '字段', 'fields', out);
  duplicates(d.stages, '环节', 'stages', out);

  d.fields.forEach((f, i) => {
    const at = (k: string) => ['fields', i, k];
    const numeric = f.type === 'number' || f.type === 'money';
    if (f.type === 'select') {
      if (!f.options || f.options.length === 0) out.push({ path: at('options'), message: `下拉字段“${f.label}”必须给出选项` });
      else {
        const seen = new Set<string>();
        f.options.forEach((o, j) => {
          if (seen.has(o.value)) out.push({ path: ['fields', i, 'options', j], message: `选项“${o.value}”重复` });
          seen.add(o.value);
        });
      }
    } else if (f.options !== undefined) out.push({ path: at('options'), message: `只有下拉字段可以设置选项，“${f.label}”是 ${f.type}` });
    if (!numeric) {
      if (f.min !== undefined) out.push({ path: at('min'), message: `只有数字或金额字段可以设置最小值，“${f.label}”是 ${f.type}` });
      if (f.max !== undefined) out.push({ path: at('max'), message: `只有数字或金额字段可以设置最大值，“${f.label}”是 ${f.type}` });
    } else if (f.min !== undefined && f.max !== undefined && f.min > f.max) {
      out.push({ path: at('max'), message: `字段“${f.label}”的最大值小于最小值` });
    }
    if (f.type === 'money' && f.min !== undefined && f.min < 0) out.push({ path: at('min'), message: `金额字段“${f.label}”的最小值不能为负数` });
    if (f.maxLength !== undefined && f.type !== 'text') out.push({ path: at('maxLength'), message: `只有文本字段可以设置最大长度，“${f.label}”是 ${f.type}` });
  });

  // The last stage is where the decision is taken: the centre's 审批, or the hand-off to the
  // deciding authority (待区级审核确认). An item has exactly one of them.
  const centre = d.decidedBy === CENTRE;
  const finalKind = centre ? 'approval' : 'district';
  const otherKind = centre ? 'district' : 'approval';
  const finalName = centre ? '审批（决定）环节' : '待区级审核确认环节';
  const finals = d.stages.flatMap((s, i) => (s.kind === finalKind ? [i] : []));
  if (finals.length === 0) {
    out.push({ path: ['stages'], message: centre ? '环节中缺少审批（决定）环节：必须恰好有一个 kind 为 approval 的环节' : `本事项由${d.decidedBy}决定：最后一个环节应为“待区级审核确认”（kind 为 district）` });
  } else if (finals.length > 1) out.push({ path: ['stages', finals[1]!, 'kind'], message: `只能有一个${finalName}` });
  else if (finals[0] !== d.stages.length - 1) out.push({ path: ['stages', finals[0]!, 'kind'], message: `${finalName}必须是最后一个环节` });
  d.stages.forEach((s, i) => {
    if (s.kind === otherKind) {
      out.push({
        path: ['stages', i, 'kind'],
        message: centre ? `本中心决定的事项不能有“待区级审核确认”环节（如由区级部门决定，请填写决定机关）` : `本事项由${d.decidedBy}决定，中心不能设审批（决定）环节`,
      });
    }
  });
  if (!centre && d.districtTimeLimitDays === undefined) out.push({ path: ['districtTimeLimitDays'], message: `本事项由${d.decidedBy}决定，须填写区级办理时限（工作日）` });
  if (centre && d.districtTimeLimitDays !== undefined) out.push({ path: ['districtTimeLimitDays'], message: '本中心决定的事项不设区级办理时限' });
  d.stages.forEach((s, i) => {
    if (s.kind === 'posting') {
      if (s.minDays === undefined || s.minDays < MIN_POSTING_DAYS) {
        out.push({ path: ['stages', i, 'minDays'], message: `公示环节“${s.name}”必须设置公示天数，且不少于 ${MIN_POSTING_DAYS} 天` });
      }
    } else if (s.minDays !== undefined) {
      out.push({ path: ['stages', i, 'minDays'], message: `只有公示环节可以设置公示天数，“${s.name}”不是公示环节` });
    }
  });

  const fieldByKey = new Map(d.fields.map((f) => [f.key, f]));
  if (d.recurring) {
    const r = d.recurring;
    if (r.amountField !== undefined) {
      const f = fieldByKey.get(r.amountField);
      if (!f) out.push({ path: ['recurring', 'amountField'], message: `金额字段“${r.amountField}”不在表单字段中` });
      else if (f.type !== 'money') out.push({ path: ['recurring', 'amountField'], message: `金额字段“${f.label}”应为金额（money）类型` });
    }
    if (r.minMonthlyAmount !== undefined && r.maxMonthlyAmount !== undefined && r.minMonthlyAmount > r.maxMonthlyAmount) {
      out.push({ path: ['recurring', 'maxMonthlyAmount'], message: '最高月发放金额不能低于最低月发放金额' });
    }
    if (r.meansTest) {
      if (!d.householdBased) out.push({ path: ['recurring', 'meansTest'], message: '按家庭人均收入核算的事项必须以家庭为单位申请（householdBased）' });
      if (r.ageTiers?.length) out.push({ path: ['recurring', 'meansTest'], message: '按家庭人均收入核算的事项不能同时按年龄档发放' });
      if (r.defaultMonthlyAmount !== undefined) out.push({ path: ['recurring', 'meansTest'], message: '按家庭人均收入核算的事项不能同时设置默认月发放金额' });
    }
    r.ageTiers?.forEach((t, i) => {
      if (t.maxAge !== undefined && t.maxAge < t.minAge) out.push({ path: ['recurring', 'ageTiers', i, 'maxAge'], message: '年龄段上限小于下限' });
      const prev = r.ageTiers![i - 1];
      if (prev && (prev.maxAge === undefined || prev.maxAge >= t.minAge)) {
        out.push({ path: ['recurring', 'ageTiers', i, 'minAge'], message: '年龄段应从小到大排列且互不重叠' });
      }
    });
  }
  if (d.repeatRule) {
    if (!fieldByKey.has(d.repeatRule.field)) out.push({ path: ['repeatRule', 'field'], message: `重复申请规则引用的字段“${d.repeatRule.field}”不在表单字段中` });
  }
  d.cannotCombineWith.forEach((c, i) => {
    if (c === d.code) out.push({ path: ['cannotCombineWith', i], message: '事项不能与自身互斥' });
    if (d.cannotCombineWith.indexOf(c) !== i) out.push({ path: ['cannotCombineWith', i], message: `互斥事项“${c}”重复` });
  });
  d.eligibilityHints.forEach((h, i) => {
    const w = h.when;
    const at = ['eligibilityHints', i, 'when'];
    if (Object.values(w).every((v) => v === undefined)) out.push({ path: at, message: '提示规则至少需要一个条件' });
    if (w.minAge !== undefined && w.maxAge !== undefined && w.minAge > w.maxAge) out.push({ path: [...at, 'maxAge'], message: '年龄上限小于下限' });
    if (w.minHouseholdSize !== undefined && w.maxHouseholdSize !== undefined && w.minHouseholdSize > w.maxHouseholdSize) {
      out.push({ path: [...at, 'maxHouseholdSize'], message: '户内人数上限小于下限' });
    }
    if ((w.minHouseholdSize !== undefined || w.maxHouseholdSize !== undefined) && w.inHousehold === false) {
      out.push({ path: [...at, 'inHousehold'], message: '“不在户内”与户内人数条件矛盾' });
    }
  });
  return out;
}

/** The item definition: shape plus the rules that span fields. catalogue.save takes it as input. */
export const itemDefinitionSchema = definitionShape.superRefine((d, ctx) => {
  for (const issue of semanticIssues(d)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export type ItemDefinition = z.output<typeof itemDefinitionSchema>;
export type ItemDefinitionInput = z.input<typeof itemDefinitionSchema>;

/** Codes an item names elsewhere in the catalogue. */
export function referencedCodes(d: ItemDefinition): { path: (string | number)[]; code: string }[] {
  return [
    ...d.cannotCombineWith.map((code, i) => ({ path: ['cannotCombineWith', i], code })),
    ...d.eligibilityHints.flatMap((h, i) =>
      (['hasActiveBenefit', 'lacksActiveBenefit'] as const).flatMap((k) => {
        const code = h.when[k];
        return code === undefined ? [] : [{ path: ['eligibilityHints', i, 'when', k], code }];
      }),
    ),
  ];
}

/**
 * The one validator for a definition, used by catalogue.save and by the seed test:
 * shape, cross-field rules, and codes that must exist in the catalogue (`knownCodes`,
 * the definition's own code counting as known for hints but never for cannotCombineWith).
 */
export function validateDefinition(
  raw: unknown,
  knownCodes: ReadonlySet<string>,
  pathPrefix = '',
): { ok: true; definition: ItemDefinition } | { ok: false; issues: FieldIssue[] } {
  const join = (p: (string | number | symbol)[]) => [pathPrefix, ...p.map(String)].filter((s) => s !== '').join('.');
  const parsed = itemDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: join(i.path), message: i.message })) };
  const d = parsed.data;
  const issues: FieldIssue[] = referencedCodes(d)
    .filter(({ code }) => code !== d.code && !knownCodes.has(code))
    .map(({ path, code }) => ({ path: join(path), message: `事项编码“${code}”在事项目录中不存在` }));
  // Grades name option values, which are free text: checked here rather than in the schema,
  // so that the schema alone judges each text as text (a grade and its option are one edit).
  if (d.recurring?.gradeAmounts) issues.push(...gradeAmountIssues(d.recurring.gradeAmounts, d.fields).map((i) => ({ path: join(i.path), message: i.message })));
  return issues.length ? { ok: false, issues } : { ok: true, definition: d };
}

/** What is known about a resident when the hints are evaluated (cases.precheck supplies it). */
export interface HintFacts {
  age: number;
  sex: 'male' | 'female';
  /** null when the resident belongs to no household */
  householdSize: number | null;
  activeBenefits: ReadonlySet<string>;
}

export function hintMatches(rule: HintRule, f: HintFacts): boolean {
  if (rule.minAge !== undefined && f.age < rule.minAge) return false;
  if (rule.maxAge !== undefined && f.age > rule.maxAge) return false;
  if (rule.sex !== undefined && f.sex !== rule.sex) return false;
  if (rule.inHousehold !== undefined && (f.householdSize !== null) !== rule.inHousehold) return false;
  if (rule.minHouseholdSize !== undefined && (f.householdSize === null || f.householdSize < rule.minHouseholdSize)) return false;
  if (rule.maxHouseholdSize !== undefined && (f.householdSize === null || f.householdSize > rule.maxHouseholdSize)) return false;
  if (rule.hasActiveBenefit !== undefined && !f.activeBenefits.has(rule.hasActiveBenefit)) return false;
  if (rule.lacksActiveBenefit !== undefined && f.activeBenefits.has(rule.lacksActiveBenefit)) return false;
  return true;
}

/** The age tier an age falls in, or undefined when none does. */
export function matchTier(recurring: Recurring, age: number): AgeTier | undefined {
  return recurring.ageTiers?.find((t) => age >= t.minAge && (t.maxAge === undefined || age <= t.maxAge));
}

/** The monthly amount of a recurring item from the age tiers, or null when no tier applies. */
export function tierAmount(recurring: Recurring, age: number): number | null {
  return matchTier(recurring, age)?.monthlyAmount ?? null;
}

/** A tier as the clerk reads it: 90–99岁, 100岁以上. */
export function tierLabel(t: AgeTier): string {
  if (t.maxAge === undefined) return `${t.minAge}岁以上`;
  return t.maxAge === t.minAge ? `${t.minAge}岁` : `${t.minAge}–${t.maxAge}岁`;
}

export function tiersLabel(tiers: readonly AgeTier[]): string {
  return tiers.map(tierLabel).join('、');
}
