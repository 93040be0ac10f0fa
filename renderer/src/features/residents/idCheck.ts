import { ID_NUMBER_PART_LABELS, idCheckCharacter, validateIdNumber, type IdNumberPart } from '../../../../db/src/shared/id-number';
import { ageOn } from '../../../../db/src/shared/age';

export type LiveIdCheck =
  | { state: 'empty' }
  | { state: 'typing'; count: number; birthDate?: string; sex?: 'male' | 'female' }
  | { state: 'ok'; idNumber: string; birthDate: string; sex: 'male' | 'female'; age: number }
  | { state: 'error'; part: IdNumberPart; partLabel: string; message: string };

/**
 * The ID number checked as the clerk types, with the core's own GB 11643 rules. While the
 * number is incomplete, the parts already typed are checked too: a wrong region code shows
 * after 6 digits and an impossible birth date after 14, not only at the 18th. `final`
 * (leaving the field, saving) reports an incomplete number as a length error.
 */
export function liveIdCheck(raw: string, today: string, final = false): LiveIdCheck {
  const v = raw.trim().toUpperCase();
  if (!v) return { state: 'empty' };
  const count = Array.from(v).length;
  const partial = count < 18 && /^\d*$/.test(v);
  if (!partial) return fullCheck(v, today);
  // A wrong part already typed is named before "too short" is.
  const typed = partialCheck(v, count, today);
  if (final && typed.state !== 'error') return fullCheck(v, today);
  return typed;
}

function fullCheck(v: string, today: string): LiveIdCheck {
  const r = validateIdNumber(v, today);
  if (r.ok) return { state: 'ok', idNumber: r.idNumber, birthDate: r.birthDate, sex: r.sex, age: ageOn(r.birthDate, today) };
  return { state: 'error', part: r.part, partLabel: ID_NUMBER_PART_LABELS[r.part], message: r.message };
}

function partialCheck(v: string, count: number, today: string): LiveIdCheck {
  if (count < 6) return { state: 'typing', count };
  // Complete what is missing with a harmless filler and let the real rules judge the typed part.
  const head = count >= 14 ? v.slice(0, 14) : `${v.slice(0, 6)}19800101`;
  const seq = count >= 17 ? v.slice(14, 17) : '001';
  const first17 = head + seq;
  const r = validateIdNumber(first17 + idCheckCharacter(first17), today);
  if (!r.ok) {
    if (r.part === 'birthDate' || r.part === 'future') {
      // Only judge the birth date once all its 8 digits are there.
      if (count < 14) return { state: 'typing', count };
    }
    return { state: 'error', part: r.part, partLabel: ID_NUMBER_PART_LABELS[r.part], message: r.message };
  }
  return {
    state: 'typing',
    count,
    ...(count >= 14 ? { birthDate: r.birthDate } : {}),
    ...(count >= 17 ? { sex: r.sex } : {}),
  };
}
