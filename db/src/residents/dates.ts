// The centre works on Shanghai dates whatever the machine's time zone is set to: a
// resident registered at 07:30 must not be recorded under yesterday's UTC date.
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** 'YYYY-MM-DD' of the given instant in Shanghai. */
export function shanghaiDate(now: Date): string {
  return SHANGHAI_DATE.format(now);
}

/** Age in whole years on `today` ('YYYY-MM-DD'); a 29 February birthday turns over on 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
