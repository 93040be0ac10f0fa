import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';
import { ApiError } from '../../api/client';
import { useApiQuery } from '../../api/query';
import { errorText } from '../../ui/errors';
import type { PrecheckState } from './PrecheckPanel';

/** The picture a refused intake or precheck sends with its CONFLICT (an open case of the item). */
export function precheckOfConflict(err: unknown): PrecheckState | null {
  if (!(err instanceof ApiError) || err.code !== 'CONFLICT' || !err.details.openCase) return null;
  const d = err.details;
  return {
    openCase: d.openCase as PrecheckState['openCase'],
    openCases: (d.openCases as PrecheckState['openCases']) ?? [],
    activeBenefits: (d.activeBenefits as PrecheckState['activeBenefits']) ?? [],
    warnings: (d.warnings as PrecheckState['warnings']) ?? [],
    hints: (d.hints as PrecheckState['hints']) ?? [],
  };
}

type PrecheckInput = HandlerInput<'cases.precheck'>;

/**
 * cases.precheck for the applicant, the item and (for repeat rules) the values, asked a
 * quarter second after the clerk stops typing; `input` null (no applicant, or the intake is
 * done) shows nothing. The previous answer stays on screen while the next one comes.
 * `paused` while the intake is being sent: the intake's own invalidation of the cases'
 * reads would otherwise ask it again before the result shows.
 */
export function usePrecheck(
  input: PrecheckInput | null,
  paused = false,
): { state: PrecheckState | null; loading: boolean; error: string | null; meansTest?: HandlerOutput<'cases.precheck'>['meansTest'] } {
  const [asked] = useDebouncedValue(input === null ? null : JSON.stringify(input), 250);
  const current = asked === null ? { residentId: 0 } : (JSON.parse(asked) as PrecheckInput);
  const query = useApiQuery('cases.precheck', current, {
    enabled: asked !== null && !paused,
    // Another applicant's answer is never shown, not even while this one's comes.
    placeholderData: (previous, previousQuery) =>
      (previousQuery?.queryKey[1] as PrecheckInput | undefined)?.residentId === current.residentId ? keepPreviousData(previous) : undefined,
  });
  if (input === null || asked === null) return { state: null, loading: false, error: null };
  const conflict = precheckOfConflict(query.error);
  const r = query.data;
  const state: PrecheckState | null =
    conflict ??
    (r
      ? {
          openCase: r.openCase,
          openCases: r.openCases,
          activeBenefits: r.activeBenefits,
          warnings: r.warnings,
          hints: r.hints,
          dueOn: r.dueOn,
          dueDateWarning: r.dueDateWarning,
          duplicateBenefit: r.duplicateBenefit,
        }
      : null);
  return { state, loading: query.isFetching, error: query.error && !conflict ? errorText(query.error) : null, meansTest: r?.meansTest ?? null };
}
