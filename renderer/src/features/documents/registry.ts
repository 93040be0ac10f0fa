/**
 * The documents a case can print, each a route of its own (`/print/<doc>/<caseId>`), so
 * the desktop shell and the browser print the same page. Which ones apply follows the
 * window decision and the outcome.
 */
import type { CaseView } from '../cases/types';

export const DOCUMENTS = {
  receipt: '受理回执',
  notice: '一次性告知书',
  deferred: '容缺受理通知书',
  refusal: '不予受理通知书',
  completion: '办结通知',
} as const;

export type DocumentKind = keyof typeof DOCUMENTS;

export const isDocumentKind = (s: string | undefined): s is DocumentKind => !!s && Object.prototype.hasOwnProperty.call(DOCUMENTS, s);

/** The documents of a case, the one of its window decision first. */
export function documentsFor(c: Pick<CaseView, 'decision' | 'dates' | 'outcome' | 'status'>): DocumentKind[] {
  const out: DocumentKind[] = [];
  switch (c.decision) {
    case 'accept':
      out.push('receipt');
      break;
    case 'accept_deferred':
      out.push('deferred', 'receipt');
      break;
    case 'notify_missing':
      out.push('notice');
      // accepted later, once the materials were complete
      if (c.dates.acceptedOn) out.push('receipt');
      break;
    case 'refuse':
      out.push('refusal');
      break;
  }
  if (c.outcome && (c.status === 'approved' || c.status === 'not_approved')) out.push('completion');
  return out;
}

export const documentRoute = (kind: DocumentKind, caseId: number) => `/print/${kind}/${caseId}`;

/**
 * 停发通知书: printed for a resident's household after a death or move-out was registered
 * (residents.setStatus), one notice listing every benefit it stopped. It belongs to the
 * resident, not to one case, so it has a route of its own.
 */
export const STOP_NOTICE = '停发通知书';
export const stopNoticeRoute = (residentId: number) => `/print/stop-notice/${residentId}`;
