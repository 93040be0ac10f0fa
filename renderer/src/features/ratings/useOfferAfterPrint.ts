import { useApiMutation } from '../../api/query';
import { windowLabel } from '../../../../db/src/shared/vocabulary';
import type { CaseView } from '../cases/types';
import type { DocumentKind } from '../documents/registry';

/** The service a printed document closes, which the resident is then asked to rate (好差评). */
function ratedService(kind: DocumentKind, c: Pick<CaseView, 'decision'>): 'intake' | 'supply' | 'result_notice' {
  if (kind === 'completion') return 'result_notice';
  // the receipt of a case accepted after its 补正 is handed over with the delivery
  return kind === 'receipt' && c.decision === 'notify_missing' ? 'supply' : 'intake';
}

/**
 * After a print at the counter, the window's rating screen offers the resident the rating of
 * that service; answers what was offered. Quietly null when it cannot (no window, already
 * rated, not the counter's role): the case page's 好差评 panel offers it by hand and says why
 * not. (Outside features/documents: the print pages themselves only read.)
 */
export function useOfferAfterPrint() {
  const offer = useApiMutation('cases.offerRating');
  return async (kind: DocumentKind, c: Pick<CaseView, 'id' | 'decision'>): Promise<string | null> => {
    const made = await offer.mutateAsync({ caseId: c.id, service: ratedService(kind, c) }).catch(() => null);
    return made ? `已在${windowLabel(made.windowNo)}的评价屏上请群众评价（${made.service}）` : null;
  };
}
