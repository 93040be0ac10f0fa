/**
 * The household means test of 低保 (and any item whose definition declares
 * `recurring.meansTest`): each member's declared monthly income and assets are recorded
 * at intake; per-capita income is compared with the 低保标准 in force on the day (the
 * intake day at the window, the approval day at the decision); the amount approved is
 * (standard − per-capita income) × household size.
 *
 * Money is counted in fen. (standard − total ÷ n) × n equals standard × n − total, and
 * both terms are whole fen, so the amount is exact and never rounded: 1,550 元 for three
 * people with 2,000 元 of income is 4,650.00 − 2,000.00 = 2,650.00 元. Only the per-capita
 * figure shown in the working is rounded (to the nearest fen, half up); the comparison
 * with the standard uses the exact figures (total < standard × n).
 *
 * Taking such a case in (受理 or 容缺受理) needs every current member's means; a 一次性告知
 * or 不予受理 does not, and a 一次性告知 case gives them when the materials supplied make
 * it accepted. So a case of a means-tested item version always reaches approval with its
 * means, and its amount is always the computed one. A case taken in under an older
 * version of the item (no means test) keeps that version's rule: the approver's amount.
 */
import type Database from 'better-sqlite3';
import type { ItemVersion } from '../catalogue/catalogue';
import type { FormValues } from '../catalogue/form-values';
import type { HouseholdSnapshot } from '../households/households';
import { conflict, validationError, type FieldIssue } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { z } from '../kernel/zod-zh';
import { readSetting } from '../settings/settings';
import { standardOn, type DibaoStandard } from './standards';

const yuan = (what: string) =>
  z
    .number({ error: `${what}应为数字（元）` })
    .nonnegative(`${what}不能为负数`)
    .max(100_000_000, `${what}不合理（超过 1 亿元）`)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, `${what}最多保留两位小数（元、角、分）`);

/** `means` on cases.intake and cases.precheck: one entry per member of the household. */
export const meansInputSchema = z
  .object({
    members: z
      .array(
        z
          .object({
            residentId: z.number({ error: '请给出家庭成员的居民编号' }).int().positive('居民编号应为正整数'),
            monthlyIncome: yuan('月收入'),
            assets: yuan('家庭财产（金融资产等）'),
          })
          .strict(),
      )
      .max(50, '家庭成员最多 50 人'),
  })
  .strict();
export type MeansInput = z.output<typeof meansInputSchema>;

export interface MeansMember {
  residentId: number;
  incomeFen: number;
  assetsFen: number;
}

const toFen = (yuan: number) => Math.round(yuan * 100);
const toYuan = (fen: number) => fen / 100;
const show = (fen: number) => (fen / 100).toFixed(2);

export const isMeansTested = (item: ItemVersion) => item.recurring?.meansTest !== undefined;

/**
 * The members' means as given at intake, checked against the household the case keeps:
 * every current member exactly once, nobody else. Problems are appended to `issues`.
 */
export function checkMeansInput(
  item: ItemVersion,
  household: HouseholdSnapshot | null,
  means: MeansInput | undefined,
  issues: FieldIssue[],
  required = false,
): MeansMember[] {
  if (means === undefined) {
    if (required && household && isMeansTested(item)) issues.push({ path: 'means', message: missingMeansMessage(item, household.members) });
    return [];
  }
  if (!isMeansTested(item)) {
    issues.push({ path: 'means', message: `${item.name}不按家庭人均收入核算，无须填写家庭成员收入和财产` });
    return [];
  }
  if (!household) return []; // the intake already says the household must be registered first
  const byId = new Map(household.members.map((m) => [m.residentId, m]));
  const seen = new Set<number>();
  means.members.forEach((m, i) => {
    const member = byId.get(m.residentId);
    if (!member) issues.push({ path: `means.members.${i}.residentId`, message: `居民编号 ${m.residentId} 不是申请人家庭的现有成员` });
    else if (seen.has(m.residentId)) issues.push({ path: `means.members.${i}.residentId`, message: `家庭成员${member.name}重复填写` });
    seen.add(m.residentId);
  });
  const missing = household.members.filter((m) => !seen.has(m.residentId));
  if (missing.length) issues.push({ path: 'means.members', message: missingMeansMessage(item, missing) });
  // In the household's order, so the working reads like the household register.
  return household.members.flatMap((hm) => {
    const m = means.members.find((x) => x.residentId === hm.residentId);
    return m ? [{ residentId: m.residentId, incomeFen: toFen(m.monthlyIncome), assetsFen: toFen(m.assets) }] : [];
  });
}

const missingMeansMessage = (item: ItemVersion, missing: readonly { name: string }[]) =>
  `${item.name}按家庭人均收入核算，受理时须填写每位家庭成员的月收入和财产：缺少${missing.map((m) => m.name).join('、')}`;

/**
 * A 一次性告知 case of a means-tested item becomes accepted when its materials are
 * supplied: its means are needed then, if not given at the window. Means are taken only
 * then, once: what was declared at intake is not rewritten by a later call.
 */
export function checkMeansAtSupply(
  db: Database.Database,
  row: { id: number; household: string | null },
  item: ItemVersion,
  accepting: boolean,
  means: MeansInput | undefined,
  issues: FieldIssue[],
): MeansMember[] {
  const recorded = meansOf(db, row.id).length > 0;
  if (means !== undefined && (!isMeansTested(item) || recorded || !accepting)) {
    issues.push({
      path: 'means',
      message: !isMeansTested(item)
        ? `${item.name}不按家庭人均收入核算，无须填写家庭成员收入和财产`
        : recorded
          ? '本件已登记家庭成员的月收入和财产，不能再次填写'
          : '只有补正后受理时才填写家庭成员的月收入和财产',
    });
    return [];
  }
  if (!accepting || recorded) return [];
  return checkMeansInput(item, snapshotOf(row.household), means, issues, true);
}

export function saveMeans(db: Database.Database, caseId: number, members: readonly MeansMember[]): void {
  const insert = prepared(
    db,
    `INSERT INTO case_household_means (case_id, resident_id, position, monthly_income_fen, assets_fen)
     VALUES (@caseId, @residentId, @position, @incomeFen, @assetsFen)`,
  );
  members.forEach((m, position) => insert.run({ caseId, residentId: m.residentId, position, incomeFen: m.incomeFen, assetsFen: m.assetsFen }));
}

export function meansOf(db: Database.Database, caseId: number): MeansMember[] {
  return prepared<{ caseId: number }, MeansMember>(
    db,
    `SELECT resident_id AS residentId, monthly_income_fen AS incomeFen, assets_fen AS assetsFen
     FROM case_household_means WHERE case_id = @caseId ORDER BY position`,
  ).all({ caseId });
}

/** The means test worked out, in yuan, with the sentences the clerk and the approver read. */
export interface MeansWorking {
  /** the day whose standard applies */
  on: string;
  standard: { from: string; amount: number } | null;
  members: { residentId: number; name: string; relation: string; monthlyIncome: number | null; assets: number | null }[];
  householdSize: number;
  /** every member's income and assets are known */
  complete: boolean;
  totalIncome: number | null;
  totalAssets: number | null;
  /** rounded to the fen for display; the verdict uses exact figures */
  perCapitaIncome: number | null;
  /** null while incomplete or without a standard */
  belowStandard: boolean | null;
  /** yuan per month, (standard − per-capita) × size; null unless below the standard */
  amount: number | null;
  /** 总收入 2000.00 元 ÷ 3 人 = 人均 666.67 元，低于标准 1550.00 元 */
  text: string;
  /** （1550.00 − 666.67）× 3 = 2650.00 元 */
  amountText: string | null;
}

export function working(db: Database.Database, household: HouseholdSnapshot, members: readonly MeansMember[], on: string): MeansWorking {
  return meansWorking(readSetting(db, 'dibaoStandards'), household, members, on);
}

/** The working from the standards list itself (the demo generator has no database at hand). */
export function meansWorking(standards: readonly DibaoStandard[], household: HouseholdSnapshot, members: readonly MeansMember[], on: string): MeansWorking {
  const standard = standardOn(standards, on);
  const byId = new Map(members.map((m) => [m.residentId, m]));
  const rows = household.members.map((hm) => {
    const m = byId.get(hm.residentId);
    return { residentId: hm.residentId, name: hm.name, relation: hm.relation, monthlyIncome: m ? toYuan(m.incomeFen) : null, assets: m ? toYuan(m.assetsFen) : null };
  });
  const n = rows.length;
  const complete = n > 0 && rows.every((r) => r.monthlyIncome !== null);
  const base = { on, standard: standard && { from: standard.from, amount: standard.amount }, members: rows, householdSize: n, complete };
  if (!complete) {
    const missing = rows.filter((r) => r.monthlyIncome === null).map((r) => r.name);
    return {
      ...base,
      totalIncome: null,
      totalAssets: null,
      perCapitaIncome: null,
      belowStandard: null,
      amount: null,
      text: `尚未填写${missing.join('、')}的月收入和财产，无法核算家庭人均收入`,
      amountText: null,
    };
  }
  const totalFen = members.reduce((s, m) => s + m.incomeFen, 0);
  const assetsFen = members.reduce((s, m) => s + m.assetsFen, 0);
  const perCapitaFen = Math.round(totalFen / n);
  const head = `总收入 ${show(totalFen)} 元 ÷ ${n} 人 = 人均 ${show(perCapitaFen)} 元`;
  if (!standard) {
    return {
      ...base,
      totalIncome: toYuan(totalFen),
      totalAssets: toYuan(assetsFen),
      perCapitaIncome: toYuan(perCapitaFen),
      belowStandard: null,
      amount: null,
      text: `${head}；${on} 没有执行中的低保标准，请管理员在“管理 → 设置”中维护`,
      amountText: null,
    };
  }
  const standardFen = toFen(standard.amount);
  const below = totalFen < standardFen * n;
  const amountFen = below ? standardFen * n - totalFen : null;
  return {
    ...base,
    totalIncome: toYuan(totalFen),
    totalAssets: toYuan(assetsFen),
    perCapitaIncome: toYuan(perCapitaFen),
    belowStandard: below,
    amount: amountFen === null ? null : toYuan(amountFen),
    text: `${head}，${below ? '低于' : '不低于'}标准 ${show(standardFen)} 元（${standard.from} 起执行）`,
    amountText: amountFen === null ? null : `（${show(standardFen)} − ${show(perCapitaFen)}）× ${n} = ${show(amountFen)} 元（按 ${show(standardFen)} × ${n} − ${show(totalFen)} 精确到分）`,
  };
}

const snapshotOf = (household: string | null) => (household ? (JSON.parse(household) as HouseholdSnapshot) : null);

/** For the precheck: the working with what the clerk has typed so far, null for other items. */
export function meansPrecheck(
  db: Database.Database,
  item: ItemVersion | null,
  household: HouseholdSnapshot | null,
  means: MeansInput | undefined,
  today: string,
): MeansWorking | null {
  if (!item || !isMeansTested(item) || !household) return null;
  const members = (means?.members ?? [])
    .filter((m) => household.members.some((hm) => hm.residentId === m.residentId))
    .map((m) => ({ residentId: m.residentId, incomeFen: toFen(m.monthlyIncome), assetsFen: toFen(m.assets) }));
  return working(db, household, members, today);
}

/** A precheck warning for an applicant whose household is not below the standard. */
export function meansWarnings(item: ItemVersion | null, w: MeansWorking | null): { kind: 'means_above_standard'; itemCode: string; caseNo: null; message: string }[] {
  if (!item || !w || w.belowStandard !== false) return [];
  return [{ kind: 'means_above_standard', itemCode: item.code, caseNo: null, message: `家庭人均收入不低于低保标准：${w.text}` }];
}

/** The working recorded with the approval, or, for a case not approved, as of its end or today. */
export function caseMeansView(
  db: Database.Database,
  row: { id: number; household: string | null; completed_on: string | null; status: string },
  item: ItemVersion,
  day: string,
  events: readonly { action: string; detail: string | null }[],
): MeansWorking | null {
  const approval = events.find((e) => e.action === 'approve');
  const recorded = approval?.detail ? (JSON.parse(approval.detail) as { meansTest?: MeansWorking }).meansTest : undefined;
  if (recorded) return recorded;
  const household = snapshotOf(row.household);
  if (!isMeansTested(item) || !household) return null;
  const members = meansOf(db, row.id);
  // A 一次性告知 case is accepted with its materials and the means (the 补交材料 panel asks for them).
  if (members.length === 0) return row.status === 'waiting_materials' ? working(db, household, [], day) : null;
  return working(db, household, members, row.completed_on ?? day);
}

/**
 * At approval: the amount is computed, never typed. An amount the approver gives (in the
 * item's amount field or as monthlyAmount) must equal it, else the approval is refused
 * with the working; an approval is refused when per-capita income is not below the
 * standard. The computed amount is written to the item's amount field (核定月保障金额),
 * so the case shows the figure it was approved at, and handed on as the benefit's amount.
 * Null for an item version without a means test (see the module comment).
 */
export function meansTestAtApproval(
  db: Database.Database,
  row: { id: number; household: string | null },
  item: ItemVersion,
  values: FormValues,
  typed: Record<string, unknown> | undefined,
  given: number | undefined,
  day: string,
): { values: FormValues; monthlyAmount: number; working: MeansWorking } | null {
  if (!isMeansTested(item)) return null;
  const household = snapshotOf(row.household);
  const members = meansOf(db, row.id);
  // Not reachable through intake and supply; refused rather than approved at a typed amount.
  if (!household || members.length === 0) {
    throw conflict(`本件未登记家庭成员的月收入和财产，不能核算${item.name}保障金额`, { rule: 'means_test' });
  }
  const w = working(db, household, members, day);
  if (!w.standard) {
    throw conflict(`审批日（${day}）没有执行中的低保标准，不能核算保障金额：请管理员在“管理 → 设置”中维护低保标准`, { rule: 'means_test', on: day });
  }
  if (!w.complete || w.amount === null) {
    throw conflict(`家庭人均收入不低于审批日执行的低保标准，不能审批通过：${w.text}`, { rule: 'means_test', working: w });
  }
  const field = item.recurring?.amountField;
  const fieldLabel = field ? (item.fields.find((f) => f.key === field)?.label ?? field) : '';
  const issues: FieldIssue[] = [];
  const typedField = field ? typed?.[field] : undefined;
  if (typeof typedField === 'number' && toFen(typedField) !== toFen(w.amount)) {
    issues.push({ path: `values.${field}`, message: `${fieldLabel}应为核算金额 ${show(toFen(w.amount))} 元，不能填写 ${typedField} 元：${w.amountText}` });
  }
  if (given !== undefined && toFen(given) !== toFen(w.amount)) {
    issues.push({ path: 'monthlyAmount', message: `月发放金额应为核算金额 ${show(toFen(w.amount))} 元，不能填写 ${given} 元：${w.amountText}` });
  }
  if (issues.length) throw validationError(issues);
  return { values: field ? { ...values, [field]: w.amount } : values, monthlyAmount: w.amount, working: w };
}
