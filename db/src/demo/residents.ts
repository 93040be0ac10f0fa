/**
 * Residents and households, registered over the history's first days (most of them) and
 * then a few each working day, with the search keys of residents.register and the audit
 * rows of residents.register, households.create and households.addMember.
 */
import { maskBankAccount, maskIdNumber, maskPhone } from '../privacy/mask';
import { idCheckCharacter } from '../shared/id-number';
import { nameBigrams, residentSearchKeys } from '../residents/search-keys';
import type { Person } from './accounts';
import type { AuditTrail } from './audit-trail';
import type { Days } from './days';
import { Weighted, type Rng } from './prng';
import type { RowBatch } from './row-batch';
import type { StepSink } from './steps';
import * as V from './vocabulary';

export interface Resident {
  id: number;
  idNumber: string;
  name: string;
  birthDate: string;
  birthYear: number;
  /** month * 100 + day of the birth date, for ages by arithmetic */
  birthMonthDay: number;
  sex: 'male' | 'female';
  phone: string | null;
  address: string;
  /** 0 when the resident lives alone, outside any household */
  householdId: number;
}

export interface Population {
  residents: Resident[];
  /** the day each resident (by index) was registered */
  regDayOf: Int32Array;
  households: number;
  /** by household id: its members as cases of household-based items keep them (JSON) */
  householdJson: string[];
  householdSize: number[];
}

/** Age in whole years on a day given as year and month * 100 + day, as ageOn counts it. */
export const ageAt = (r: { birthYear: number; birthMonthDay: number }, year: number, monthDay: number) =>
  year - r.birthYear - (monthDay < r.birthMonthDay ? 1 : 0);

export const surnames = new Weighted(V.SURNAMES.map((s) => s[0]), V.SURNAMES.map((s) => s[1]));
export const mobile = (rng: Rng) => rng.pick(V.MOBILE_PREFIXES) + rng.digits(8);

type Sex = 'male' | 'female';
type Member = { age: number; sex: Sex; relation: '本人' | '配偶' | '子女' | '父母' };
const unitTypes = new Weighted(['single', 'elderSingle', 'couple', 'elderCouple', 'family', 'threeGen'] as const, [22, 10, 15, 13, 25, 15]);
const shCodes = new Weighted(V.SHANGHAI_CODES.map((c) => c[0]), V.SHANGHAI_CODES.map((c) => c[1]));
const other = (s: Sex): Sex => (s === 'male' ? 'female' : 'male');

export interface ResidentPlan {
  count: number;
  untilDay: number;
  firstCaseDay: number;
  /** working days before the first case day (the initial registration) and after it */
  initialDays: number[];
  laterDays: number[];
  clerks: readonly Person[];
  steps?: StepSink | undefined;
}

/**
 * Registers `plan.count` residents into `batch`, calling `emit` whenever the batch is worth
 * inserting; the audit rows of the days before the current registration day go with it.
 */
export function registerResidents(plan: ResidentPlan, rng: Rng, days: Days, trail: AuditTrail, batch: RowBatch, emit: () => void): Population {
  const J = JSON.stringify;
  const N = plan.count;
  const { untilDay, firstCaseDay, initialDays, laterDays, clerks } = plan;
  const residents: Resident[] = new Array(N);
  const householdJson: string[] = [];
  const householdSize: number[] = [];
  const regDayOf = new Int32Array(N);
  const usedIds = new Set<string>();
  const pinyinCache = new Map<string, ReturnType<typeof residentSearchKeys>>();
  const rows = batch.rows;

  const idNumberFor = (birth: string, sex: Sex, local: boolean): string => {
    for (;;) {
      const area = local ? shCodes.pick(rng) : rng.pick(V.OTHER_CODES);
      let seq = rng.int(500) * 2 + (sex === 'male' ? 1 : 0);
      if (seq === 0) seq = 2;
      const first17 = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckCharacter(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const givenName = (sex: Sex, birthYear: number, index: number): string => {
    if (index === 2) return sex === 'male' ? '𠮷' : '𠮷妍';
    if (index === 5) return sex === 'male' ? '子䶮' : '䶮玥';
    if (rng.chance(0.002)) return rng.pick(sex === 'male' ? V.RARE_NAMES_MALE : V.RARE_NAMES_FEMALE);
    const gen = birthYear < 1960 ? 'old' : birthYear < 1990 ? 'mid' : 'young';
    if (rng.chance(0.55)) return rng.pick(V.GIVEN[sex][gen]);
    const chars = V.GIVEN_CHARS[sex];
    return rng.chance(0.15) ? chars[rng.int(chars.length)]! : chars[rng.int(chars.length)]! + chars[rng.int(chars.length)]!;
  };
  const address = () =>
    `上海市黄浦区${rng.pick(V.SUBDISTRICTS)}${rng.pick(V.ROADS)}${rng.range(1, 1500)}弄${rng.range(1, 60)}号${rng.range(1, 6)}0${rng.range(1, 6)}室`;
  const elderAge = () => (rng.chance(0.7) ? rng.range(60, 79) : rng.chance(0.75) ? rng.range(80, 89) : rng.range(90, 102));
  const composeUnit = (unit: number): Member[] => {
    const sex: Sex = rng.chance(0.55) ? 'male' : 'female';
    const type = unit === 0 ? 'elderSingle' : unit === 1 ? 'elderCouple' : unit === 2 ? 'family' : unit === 3 ? 'threeGen' : unitTypes.pick(rng);
    const head = (age: number): Member => ({ age, sex, relation: '本人' });
    const spouse = (age: number): Member => ({ age: Math.max(20, age + rng.range(-5, 4)), sex: other(sex), relation: '配偶' });
    const children = (parentAge: number, count: number): Member[] =>
      Array.from({ length: count }, () => ({ age: Math.max(5, parentAge - rng.range(23, 36)), sex: rng.chance(0.5) ? 'male' : 'female', relation: '子女' }));
    switch (type) {
      case 'single':
        return [head(rng.range(20, 59))];
      case 'elderSingle':
        return [head(unit === 0 ? 96 : elderAge())];
      case 'couple': {
        const a = rng.range(25, 59);
        return [head(a), spouse(a)];
      }
      case 'elderCouple': {
        const a = unit === 1 ? 72 : elderAge();
        return [head(a), spouse(Math.min(a, 95))];
      }
      case 'family': {
        const a = rng.range(30, 55);
        return [head(a), spouse(a), ...children(a, rng.chance(0.7) ? 1 : 2)];
      }
      case 'threeGen': {
        const a = rng.range(35, 55);
        const parents: Member[] = [{ age: Math.min(102, a + rng.range(24, 32)), sex: rng.chance(0.4) ? 'male' : 'female', relation: '父母' }];
        return [head(a), spouse(a), ...children(a, 1), ...parents];
      }
    }
  };

  let householdId = 0;
  let membershipId = 0;
  let nextResident = 0;
  let unit = 0;
  let sinceEmit = 0;
  // One household (or a resident alone) at a time, in a function of its own so that the
  // engine optimises it as such rather than the whole loop on the stack.
  const registerUnit = () => {
    const members = composeUnit(unit++).slice(0, N - nextResident);
    const first = nextResident;
    const regDay =
      first < N * 0.7 || laterDays.length === 0
        ? initialDays[Math.floor((first / (N * 0.7)) * initialDays.length)] ?? initialDays[initialDays.length - 1]!
        : laterDays[Math.floor(((first - N * 0.7) / (N * 0.3)) * laterDays.length)] ?? laterDays[laterDays.length - 1]!;
    const clerk = clerks[rng.int(clerks.length)]!;
    const headSurname = surnames.pick(rng);
    const addr = address();
    const local = rng.chance(0.88);
    let minute = rng.range(510, 930);
    const inHousehold = members.length > 1 || rng.chance(0.6);
    const hid = inHousehold ? ++householdId : 0;
    const created: Resident[] = [];
    for (const m of members) {
      const index = nextResident++;
      const birthDay = untilDay - Math.floor(m.age * 365.25) - rng.int(365);
      const birthDate = days.date(birthDay);
      const birthYear = Number(birthDate.slice(0, 4));
      const birthMonthDay = Number(birthDate.slice(5, 7)) * 100 + Number(birthDate.slice(8, 10));
      const surname = m.relation === '配偶' || m.relation === '父母' ? surnames.pick(rng) : headSurname;
      const name = surname + givenName(m.sex, birthYear, index);
      const idNumber = idNumberFor(birthDate, m.sex, m.relation === '子女' ? true : local);
      const age = m.age;
      const phone = age < 16 ? null : age >= 80 ? (rng.chance(0.5) ? mobile(rng) : null) : rng.chance(0.92) ? mobile(rng) : null;
      const bank = age >= 18 && rng.chance(age >= 60 ? 0.7 : 0.4) ? rng.pick(V.BANKS) : null;
      const bankAccount = bank ? bank[1] + rng.digits(15) : null;
      const day = Math.max(regDay, birthDay + 30);
      regDayOf[index] = day;
      const at = days.instant(day, (minute += rng.range(2, 6)), rng.int(60), rng.int(1000));
      let keys = pinyinCache.get(name);
      if (!keys) {
        keys = residentSearchKeys({ idNumber: '', name, phone: null });
        if (pinyinCache.size < 200_000) pinyinCache.set(name, keys);
      }
      const phoneRev = phone === null ? null : Array.from(phone).reverse().join('');
      const idRev = Array.from(idNumber).reverse().join('');
      const id = index + 1;
      rows.residents.push(id, idNumber, idRev, name, birthDate, m.sex, phone, phoneRev, addr, bank ? bank[0] : null, bankAccount, keys.pinyinFull, keys.pinyinInitials, at, at);
      for (const b of nameBigrams(name)) rows.resident_name_bigrams.push(b, id);
      plan.steps?.({
        at,
        actorId: clerk.id,
        handler: 'residents.register',
        caseId: null,
        input: { idNumber, name, ...(phone === null ? {} : { phone }), address: addr, ...(bank ? { bankName: bank[0], bankAccount } : {}) },
      });
      const r: Resident = { id, idNumber, name, birthDate, birthYear, birthMonthDay, sex: m.sex, phone, address: addr, householdId: hid };
      residents[index] = r;
      created.push(r);
      const today = days.date(day);
      trail.add(day, {
        at,
        actorId: clerk.id,
        actorName: clerk.name,
        handler: 'residents.register',
        action: 'create',
        recordType: 'resident',
        recordId: String(id),
        before: null,
        after: J({
          address: addr,
          age: ageAt(r, Number(today.slice(0, 4)), Number(today.slice(5, 7)) * 100 + Number(today.slice(8, 10))),
          bankAccount: maskBankAccount(bankAccount),
          bankName: bank ? bank[0] : null,
          birthDate,
          createdAt: at,
          hukou: 'local',
          hukouDistrict: null,
          id,
          idNumber: maskIdNumber(idNumber),
          name,
          phone: maskPhone(phone),
          sex: m.sex,
          status: 'registered',
          statusDate: null,
          statusRecord: null,
          updatedAt: at,
        }),
        detail: null,
      });
    }
    if (hid) {
      const day = regDayOf[first + created.length - 1]!;
      const at = days.instant(day, (minute += rng.range(2, 5)), rng.int(60), rng.int(1000));
      const joined = days.date(day);
      // addMember stamps the household: it was last updated when its last member joined.
      let updatedAt = at;
      const snapshotMembers: unknown[] = [];
      created.forEach((r, i) => {
        const relation = members[i]!.relation;
        rows.household_members.push(++membershipId, hid, r.id, relation, i === 0 ? 1 : 0, joined, null);
        const memberAt = i === 0 ? at : days.instant(day, (minute += 1), rng.int(60), rng.int(1000));
        updatedAt = memberAt;
        plan.steps?.({
          at: memberAt,
          actorId: clerk.id,
          handler: i === 0 ? 'households.create' : 'households.addMember',
          caseId: null,
          input: i === 0 ? { headResidentId: r.id, address: addr } : { householdId: hid, residentId: r.id, relation },
        });
        trail.add(day, {
          at: memberAt,
          actorId: clerk.id,
          actorName: clerk.name,
          handler: i === 0 ? 'households.create' : 'households.addMember',
          action: i === 0 ? 'create' : 'addMember',
          recordType: 'household',
          recordId: String(hid),
          before: null,
          after: null,
          detail: i === 0 ? J({ address: addr, headResidentId: r.id }) : J({ householdId: hid, relation, residentId: r.id }),
        });
        snapshotMembers.push({
          residentId: r.id,
          name: r.name,
          idNumber: r.idNumber,
          birthDate: r.birthDate,
          sex: r.sex,
          relation,
          isHead: i === 0,
          joinedOn: joined,
        });
      });
      rows.households.push(hid, addr, at, updatedAt, null);
      // As currentHouseholdSnapshot builds it (key order included): head first, then by joining.
      householdSize[hid] = created.length;
      householdJson[hid] = J({ householdId: hid, address: addr, headResidentId: created[0]!.id, members: snapshotMembers });
    }
    if ((sinceEmit += members.length) >= 2000 || nextResident === N) {
      sinceEmit = 0;
      // Registrations only move forward in time, so the days before this one are complete.
      // Days from the first case day on stay open: their cases' rows are still to come.
      trail.flush(Math.min(regDay, firstCaseDay) - 1, rows.audit_log);
      emit();
    }
  };
  while (nextResident < N) registerUnit();
  return { residents, regDayOf, households: householdId, householdJson, householdSize };
}
