/**
 * What the clerk must know before taking an application in: a second open case of the
 * same item (refused), warnings that do not refuse (临时救助 repeats, items that cannot be
 * combined with a benefit the resident has), and hints about other items the resident
 * may be eligible for.
 */
import type Database from 'better-sqlite3';
import { currentItemVersions, getItemVersion, type ItemVersion } from '../catalogue/catalogue';
import { FAMILY_LABELS, hintMatches, matchTier, tiersLabel, type HintFacts } from '../catalogue/definition';
import { conflict } from '../kernel/errors';
import { currentHouseholdSnapshot } from '../households/households';
import { prepared } from '../kernel/prepared';
import { ageOn } from '../shared/age';
import { requireResidentRow, type Hukou, type ResidentRow } from '../residents/residents';
import { hukouAllows, hukouWarnings } from './hukou-rule';
import { statusWarnings } from '../residents/status';
import type { FormValues } from '../catalogue/form-values';
import { dueDateNotice } from '../calendar/official-years';
import { workingCalendar } from '../calendar/working-days';
import { dueDate } from './deadlines';
import { duplicateBenefit, type DuplicateBenefit } from './duplicate-benefit';
import { unsuitableItems } from '../beneficiaries/exclusions';
import { STATUS_LABELS, type CaseStatus } from '../shared/vocabulary';
import { meansPrecheck, meansWarnings, type MeansInput, type MeansWorking } from '../means/means-test';

export interface ActiveBenefit {
  itemCode: string;
  itemName: string;
  /** a recurring benefit being paid (在保), or an approved case of a service item */
  source: 'beneficiary' | 'approved_case';
  caseNo: string;
  since: string;
}

export interface PrecheckWarning {
  kind: 'repeat_cause' | 'cannot_combine' | 'cannot_combine_pending' | 'already_beneficiary' | 'no_age_tier' | 'requires_local_hukou' | 'resident_inactive' | 'means_above_standard';
  message: string;
  itemCode: string;
  caseNo: string | null;
}

export interface EligibilityHint {
  itemCode: string;
  itemName: string;
  familyLabel: string;
  text: string;
}

export interface OpenCaseRef {
  id: number;
  caseNo: string;
  itemCode: string;
  itemName: string;
  status: CaseStatus;
  receivedOn: string;
  /** the window that took it in (another counter of the centre, at a centre server) */
  windowNo: string | null;
}

export interface PrecheckResult {
  resident: { id: number; name: string; age: number; sex: 'male' | 'female'; householdSize: number | null };
  item: { code: string; name: string; version: number } | null;
  /** the open case of the same item, which makes a new application a CONFLICT */
  openCase: OpenCaseRef | null;
  openCases: OpenCaseRef[];
  activeBenefits: ActiveBenefit[];
  warnings: PrecheckWarning[];
  /** the picked item is one the person already receives: intake proposes 不予受理 with this reason */
  duplicateBenefit: DuplicateBenefit | null;
  hints: EligibilityHint[];
  /** 承诺办结日期 if the item is accepted today; null without an item */
  dueOn: string | null;
  /** the due date rests on a year whose holidays are provisional (no State Council notice imported) */
  dueDateProvisional: boolean;
  dueDateWarning: string | null;
  /** 低保: per-capita income against the standard in force today, with its working */
  meansTest: MeansWorking | null;
}

const monthOf = (date: string) => date.slice(0, 7);

/**
 * Benefits a resident has on `today`: recurring benefits not stopped before this month,
 * and approved cases of non-recurring items (services such as 居家养老 or 长护险 carry no
 * end date in the catalogue, so an approval counts until a later case says otherwise;
 * the warning names the case so the clerk can judge).
 */
export function activeBenefits(db: Database.Database, residentId: number, today: string): ActiveBenefit[] {
  const paid = prepared(
    db,
    `SELECT b.item_code, c.item_name, c.case_no, b.start_month FROM beneficiaries b JOIN cases c ON c.id = b.case_id
     WHERE b.resident_id = @residentId AND (b.stop_month IS NULL OR b.stop_month > @month)
     ORDER BY b.id`,
  ).all({ residentId, month: monthOf(today) }) as { item_code: string; item_name: string; case_no: string; start_month: string }[];
  const out: ActiveBenefit[] = paid.map((r) => ({ itemCode: r.item_code, itemName: r.item_name, source: 'beneficiary', caseNo: r.case_no, since: r.start_month }));
  const approved = prepared(
    db,
    `SELECT c.item_code, c.item_name, c.case_no, c.completed_on FROM cases c
     WHERE c.resident_id = @residentId AND c.status = 'approved'
       AND NOT EXISTS (SELECT 1 FROM beneficiaries b WHERE b.case_id = c.id)
     ORDER BY c.id`,
  ).all({ residentId }) as { item_code: string; item_name: string; case_no: string; completed_on: string }[];
  for (const r of approved) {
    const item = getItemVersion(db, r.item_code);
    if (item.recurring) continue; // a recurring item counts only while its benefit is paid
    if (out.some((b) => b.itemCode === r.item_code)) continue;
    out.push({ itemCode: r.item_code, itemName: r.item_name, source: 'approved_case', caseNo: r.case_no, since: r.completed_on });
  }
  return out;
}

export function openCasesOf(db: Database.Database, residentId: number): OpenCaseRef[] {
  return (
    prepared(
      db,
      `SELECT id, case_no, item_code, item_name, status, received_on, window_no FROM cases
       WHERE resident_id = @residentId AND status IN ('waiting_materials', 'in_progress') ORDER BY id`,
    ).all({ residentId }) as { id: number; case_no: string; item_code: string; item_name: string; status: CaseStatus; received_on: string; window_no: string | null }[]
  ).map((r) => ({ id: r.id, caseNo: r.case_no, itemCode: r.item_code, itemName: r.item_name, status: r.status, receivedOn: r.received_on, windowNo: r.window_no }));
}

function repeatWarnings(db: Database.Database, resident: ResidentRow, item: ItemVersion, values: FormValues | undefined, today: string): PrecheckWarning[] {
  const rule = item.repeatRule;
  if (!rule || !values || values[rule.field] === undefined) return [];
  const year = today.slice(0, 4);
  const rows = prepared(
    db,
    `SELECT case_no, received_on, status FROM cases
     WHERE resident_id = @residentId AND item_code = @itemCode AND status NOT IN ('refused', 'withdrawn')
       AND received_on >= @from AND received_on < @to
       AND json_extract(form_values, '$.' || @field) = @value
     ORDER BY id`,
  ).all({
    residentId: resident.id,
    itemCode: item.code,
    from: `${year}-01-01`,
    to: `${Number(year) + 1}-01-01`,
    field: rule.field,
    value: values[rule.field] as string | number,
  }) as { case_no: string; received_on: string; status: CaseStatus }[];
  const field = item.fields.find((f) => f.key === rule.field);
  const shown = field?.options?.find((o) => o.value === values[rule.field])?.label ?? String(values[rule.field]);
  return rows.map((r) => ({
    kind: 'repeat_cause' as const,
    itemCode: item.code,
    caseNo: r.case_no,
    message: `${resident.name}本年度已因同一原因（${field?.label ?? rule.field}：${shown}）申请过${item.name}（${r.case_no}，${r.received_on}，${STATUS_LABELS[r.status]}）：同一原因同一年度原则上只救助一次`,
  }));
}

function combineWarnings(db: Database.Database, item: ItemVersion, benefits: ActiveBenefit[], open: OpenCaseRef[]): PrecheckWarning[] {
  const excludes = (a: ItemVersion, otherCode: string) =>
    a.cannotCombineWith.includes(otherCode) || getItemVersion(db, otherCode).cannotCombineWith.includes(a.code);
  const out: PrecheckWarning[] = [];
  for (const b of benefits) {
    if (b.itemCode === item.code) {
      if (b.source === 'beneficiary') {
        out.push({ kind: 'already_beneficiary', itemCode: b.itemCode, caseNo: b.caseNo, message: `该居民已在享受${b.itemName}（自 ${b.since} 起，${b.caseNo}）` });
      } else if (duplicateBenefit(item, [b])) {
        out.push({ kind: 'already_beneficiary', itemCode: b.itemCode, caseNo: b.caseNo, message: `该居民已获批${b.itemName}（${b.since}，${b.caseNo}）` });
      }
      continue;
    }
    if (excludes(item, b.itemCode)) {
      out.push({
        kind: 'cannot_combine',
        itemCode: b.itemCode,
        caseNo: b.caseNo,
        message: `${item.name}与${b.itemName}不能同时享受：该居民${b.source === 'beneficiary' ? `正在享受${b.itemName}（自 ${b.since} 起）` : `已获批${b.itemName}（${b.since}）`}，办件 ${b.caseNo}`,
      });
    }
  }
  for (const c of open) {
    if (c.itemCode !== item.code && excludes(item, c.itemCode)) {
      out.push({
        kind: 'cannot_combine_pending',
        itemCode: c.itemCode,
        caseNo: c.caseNo,
        message: `${item.name}与${c.itemName}不能同时享受：该居民的${c.itemName}申请正在办理（${c.caseNo}）`,
      });
    }
  }
  return out;
}

/**
 * An item paid by age tier for an applicant in none of them (an 80-year-old applying for
 * the 90+ 营养费) cannot be approved; the clerk hears it at the window, not the reviewer
 * weeks later. Age on the intake day, as the hints use.
 */
export function ageTierWarnings(item: ItemVersion, age: number): PrecheckWarning[] {
  const tiers = item.recurring?.ageTiers;
  if (!tiers?.length || matchTier(item.recurring!, age)) return [];
  return [{ kind: 'no_age_tier', itemCode: item.code, caseNo: null, message: `申请人年龄${age}岁，不在本事项任何年龄档（${tiersLabel(tiers)}）内` }];
}

function hints(db: Database.Database, facts: HintFacts, exclude: ReadonlySet<string>, hukou: Hukou): EligibilityHint[] {
  const out: EligibilityHint[] = [];
  for (const item of currentItemVersions(db)) {
    if (exclude.has(item.code) || !hukouAllows(item, hukou)) continue;
    const hint = item.eligibilityHints.find((h) => hintMatches(h.when, facts));
    if (hint) out.push({ itemCode: item.code, itemName: item.name, familyLabel: FAMILY_LABELS[item.family], text: hint.text });
  }
  return out;
}

/**
 * The checks for a resident (and an item, when one is picked). Never throws for the open
 * case itself: the caller decides (cases.precheck and cases.intake both refuse it with
 * `refuseOpenCase`).
 */
export function runPrecheck(
  db: Database.Database,
  input: { residentId: number; item: ItemVersion | null; values?: FormValues | undefined; today: string; means?: MeansInput | undefined },
): PrecheckResult {
  const resident = requireResidentRow(db, input.residentId);
  const household = currentHouseholdSnapshot(db, resident.id);
  const age = ageOn(resident.birth_date, input.today);
  const benefits = activeBenefits(db, resident.id, input.today);
  const open = openCasesOf(db, resident.id);
  const item = input.item;
  const facts: HintFacts = {
    age,
    sex: resident.sex,
    householdSize: household ? household.members.length : null,
    activeBenefits: new Set(benefits.map((b) => b.itemCode)),
  };
  const cal = workingCalendar(db);
  const dueOn = item ? dueDate(cal, input.today, item.timeLimitDays, 0, 0) : null;
  // Items already applied for are not news to the resident; items received, or exclusive
  // with what is received or applied for, are no advice.
  const held = [...benefits.map((b) => b.itemCode), ...open.map((c) => c.itemCode), ...(item ? [item.code] : [])];
  const exclude = new Set([...held, ...unsuitableItems(db, held)]);
  const means = meansPrecheck(db, item, household, input.means, input.today);
  return {
    resident: { id: resident.id, name: resident.name, age, sex: resident.sex, householdSize: facts.householdSize },
    item: item ? { code: item.code, name: item.name, version: item.version } : null,
    openCase: item ? (open.find((c) => c.itemCode === item.code) ?? null) : null,
    openCases: open,
    activeBenefits: benefits,
    warnings: [
      ...statusWarnings(resident),
      ...(item
        ? [
            ...hukouWarnings(item, resident),
            ...ageTierWarnings(item, age),
            ...repeatWarnings(db, resident, item, input.values, input.today),
            ...combineWarnings(db, item, benefits, open),
            ...meansWarnings(item, means),
          ]
        : []),
    ],
    duplicateBenefit: item ? duplicateBenefit(item, benefits) : null,
    // nothing to suggest to a person who has died or moved away
    hints: resident.status === 'registered' ? hints(db, facts, exclude, resident.hukou) : [],
    dueOn,
    ...dueDateNotice(cal.officialYears(), input.today, dueOn),
    meansTest: means,
  };
}

/** CONFLICT naming the open case; the rest of the precheck travels in details for the side panel. */
export function refuseOpenCase(result: PrecheckResult): void {
  const open = result.openCase;
  if (!open) return;
  const where = open.windowNo ? `，${open.windowNo}受理` : '';
  throw conflict(`该居民已有一件${open.itemName}正在办理（办件编号 ${open.caseNo}，${STATUS_LABELS[open.status]}${where}），不能重复申请`, {
    openCase: open,
    // the whole picture, so the intake screen needs no second check to show it
    openCases: result.openCases,
    activeBenefits: result.activeBenefits,
    warnings: result.warnings,
    hints: result.hints,
  });
}
