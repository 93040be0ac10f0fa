/**
 * The periodic jobs the desktop host runs through the scheduler, built from the core's
 * functions. The export feature (db/src/exports) does not exist yet: it is reached through
 * the `ExportsForHosts` interface below, and its job is left out until it is wired.
 */
import { ensureDailyBackup } from '../db/src/backups/daily';
import type { Core } from '../db/src/core';
import type { ScheduledJob } from './scheduler';

/** What the desktop host expects of the export feature once it lands. */
export interface ExportsForHosts {
  /** the administrator's daily export time ('HH:mm', China time), or null when scheduled exports are off */
  scheduleTime(core: Core): string | null;
  /** exports every period missed since the last successful run (exports.due), as the 'schedule' actor */
  runDueExports(core: Core, now: Date): Promise<unknown>;
}

export const BACKUP_JOB = 'backups.daily';
export const EXPORTS_JOB = 'exports.due';

export function hostJobs(core: Core, exportsFeature: ExportsForHosts | null): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    // Hourly: ensureDailyBackup is a no-op once today's copy exists, and a counter left
    // running overnight still gets the next day's.
    { name: BACKUP_JOB, schedule: () => ({ type: 'every', minutes: 60 }), run: (now) => ensureDailyBackup(core, now) },
  ];
  if (exportsFeature) {
    jobs.push({
      name: EXPORTS_JOB,
      schedule: () => {
        const at = exportsFeature.scheduleTime(core);
        return at ? { type: 'daily', at } : null;
      },
      run: (now) => exportsFeature.runDueExports(core, now),
    });
  }
  return jobs;
}
