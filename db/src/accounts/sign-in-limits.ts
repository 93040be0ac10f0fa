/**
 * How long wrong passwords lock an account (and the recovery screen). Failures count on
 * across locks until a successful sign-in: five lock for 15 minutes, and every further
 * failure after a lock doubles it, up to a day. A lock that only lasted 15 minutes and
 * then started again from zero let a guesser try about 480 passwords a day per account;
 * this way it is a handful.
 */
export const MAX_FAILED_LOGINS = 5;
export const FIRST_LOCK_MINUTES = 15;
export const MAX_LOCK_MINUTES = 24 * 60;

/** Minutes to lock after the `failures`-th failure in a row, or null for no lock yet. */
export function lockMinutesAfter(failures: number): number | null {
  if (failures < MAX_FAILED_LOGINS) return null;
  return Math.min(FIRST_LOCK_MINUTES * 2 ** Math.min(failures - MAX_FAILED_LOGINS, 16), MAX_LOCK_MINUTES);
}

/** The end of the lock the `failures`-th failure at `at` sets, or null. */
export function lockedUntilAfter(failures: number, at: Date): Date | null {
  const minutes = lockMinutesAfter(failures);
  return minutes === null ? null : new Date(at.getTime() + minutes * 60_000);
}

/** '15 分钟', '2 小时', '24 小时' */
export function lockLengthText(minutes: number): string {
  return minutes < 60 ? `${minutes} 分钟` : `${Math.round((minutes / 60) * 10) / 10} 小时`;
}

export const LIMITS_SENTENCE = `连续失败 ${MAX_FAILED_LOGINS} 次将锁定 ${FIRST_LOCK_MINUTES} 分钟，之后每再失败一次锁定时间加倍，最长 ${MAX_LOCK_MINUTES / 60} 小时`;
