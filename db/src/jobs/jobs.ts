/**
 * The jobs a worker can run, by name. Loaded lazily, so a worker loads only its job's code
 * (the export writers are heavy) and the thread that starts jobs loads none of it.
 */
export const JOBS = {
  'audit.verify': () => import('../audit/verify-job').then((m) => m.verifyAuditJob),
  'exports.write': () => import('../exports/write-job').then((m) => m.writeExportFiles),
  // started by exports.write itself: the job's files written on a second thread
  'exports.writeFiles': () => import('../exports/writers/files-thread').then((m) => m.writeFilesFromPort),
  'integrity.check': () => import('../backups/integrity-worker').then((m) => m.quickCheckJob),
  'backups.copy': () => import('../backups/backups').then((m) => m.copyDatabaseJob),
  'backups.verify': () => import('../backups/check-job').then((m) => m.verifyBackupJob),
  'backups.restoreCheck': () => import('../backups/check-job').then((m) => m.restoreCheckJob),
  // the one job that writes: its whole apply is one transaction on its own connection
  'residents.import': () => import('../residents/import/job').then((m) => m.importResidentsJob),
};

export type JobName = keyof typeof JOBS;
type JobFn<N extends JobName> = Awaited<ReturnType<(typeof JOBS)[N]>>;
export type JobInput<N extends JobName> = Parameters<JobFn<N>>[0];
export type JobProgress<N extends JobName> = Parameters<NonNullable<Parameters<JobFn<N>>[1]>>[0];
export type JobResult<N extends JobName> = Awaited<ReturnType<JobFn<N>>>;
