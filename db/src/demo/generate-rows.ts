/**
 * The whole generated history, from the seed alone: staff, residents and households, then
 * the cases day by day, handed out as row batches in the order they are to be inserted.
 * It reads no database (what it needs from the file comes in SeedInput), so it runs as well
 * in a worker thread as in the inserting one.
 *
 * Deterministic: everything comes from one seeded PRNG and a fixed "today" (`until`), so
 * the same input gives the same batches and the same audit chain head.
 */
import type { DibaoStandard } from '../means/standards';
import type { ItemVersion } from '../catalogue/catalogue';
import { dayNumber } from '../calendar/dates';
import { createStaff, type SeedAccount } from './accounts';
import { AuditTrail } from './audit-trail';
import { playCases, type CaseCounts } from './cases';
import { Days, WorkingDays } from './days';
import { Rng } from './prng';
import { registerResidents } from './residents';
import { clearBatch, emptyBatch, isEmptyBatch, type RowBatch } from './row-batch';
import type { StepSink } from './steps';

export interface SeedInput {
  seed: string;
  /** the last day of the generated history, 'YYYY-MM-DD' */
  until: string;
  residents: number;
  cases: number;
  demo: boolean;
  items: ItemVersion[];
  /** the 低保标准 list the generated means-tested cases are judged by */
  dibaoStandards: DibaoStandard[];
  centreCode: string;
  windows: string[];
  /** the centre's working days from `calendarFrom` on, one flag per day */
  calendarFrom: number;
  working: Uint8Array;
}

export interface Generated {
  accounts: SeedAccount[];
  households: number;
  counts: CaseCounts;
  auditRows: number;
  auditHead: string;
}

/** The span of days the generator asks the calendar about: from before the first registration to well after `until`. */
export function calendarSpan(until: string): { from: number; to: number } {
  const fromYear = Number(until.slice(0, 4)) - 4;
  return { from: dayNumber(`${fromYear - 1}-10-01`), to: dayNumber(until) + 1100 };
}

/** `steps` (the differential test) hears the handler call of every case step. */
export function generateSeed(input: SeedInput, emitBatch: (batch: RowBatch) => void, check?: (json: string) => void, steps?: StepSink): Generated {
  const rng = new Rng(input.seed);
  const days = new Days();
  const wd = new WorkingDays(input.calendarFrom, input.working);
  const trail = new AuditTrail(check);
  const batch = emptyBatch();
  const emit = () => {
    if (isEmptyBatch(batch)) return;
    emitBatch(batch);
    clearBatch(batch);
  };
  const mark = (name: 'residents' | 'cases') => batch.marks.push({ name, at: performance.timeOrigin + performance.now(), cpu: process.cpuUsage() });

  const untilDay = dayNumber(input.until);
  const fromYear = Number(input.until.slice(0, 4)) - 4;
  const firstCaseDay = wd.add(dayNumber(`${fromYear - 1}-12-31`), 1);
  const firstRegDay = wd.add(firstCaseDay, -22);
  const workingDays = wd.within(firstRegDay, untilDay);
  const setupDay = firstRegDay - 3;

  const staff = createStaff({ cases: input.cases, windows: input.windows, setupDay, demo: input.demo }, rng, days, trail, batch);
  trail.flush(setupDay, batch.rows.audit_log);
  emit();

  mark('residents');
  const population = registerResidents(
    {
      count: input.residents,
      untilDay,
      firstCaseDay,
      initialDays: workingDays.filter((d) => d < firstCaseDay),
      laterDays: workingDays.filter((d) => d >= firstCaseDay && d < untilDay),
      clerks: staff.clerks,
      steps,
    },
    rng,
    days,
    trail,
    batch,
    emit,
  );

  mark('cases');
  const counts = playCases(
    { cases: input.cases, untilDay, fromYear, firstCaseDay, centreCode: input.centreCode, items: input.items, dibaoStandards: input.dibaoStandards, steps },
    workingDays.filter((d) => d >= firstCaseDay),
    rng,
    days,
    wd,
    trail,
    batch,
    emit,
    population,
    staff,
  );
  return { accounts: staff.accounts, households: population.households, counts, auditRows: trail.rows, auditHead: trail.head };
}
