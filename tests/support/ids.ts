import { idCheckCharacter } from '../../db/src/shared/id-number';

/** A valid 18-digit number for the given region, birth date and sequence (001–999). */
export function makeId(seq: number, birth = '19800101', region = '310101'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

/** Mid-morning in Shanghai, so that the date is the same in every time zone of the runner. */
export const TEST_NOW = () => new Date('2026-11-22T10:00:00+08:00');

/** A valid, distinct staff ID number per n (staff accounts carry their holder's number). */
export const staffId = (n: number) => makeId(n, '19850505', '310104');
