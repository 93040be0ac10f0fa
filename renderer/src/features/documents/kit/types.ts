import type { CaseView } from '../../cases/types';

/** What every document body gets: the case as `cases.get` returns it. */
export interface DocumentProps {
  c: CaseView;
}

export type CaseMaterial = CaseView['materials'][number];
