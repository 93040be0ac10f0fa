import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { caseQrPayload } from '../kiosk/caseQr';
import { useState } from 'react';
import { useParams } from 'react-router';
import { setSessionToken } from '../../api/client';
import { useApiQuery } from '../../api/query';
import { errorText } from '../../ui/errors';
import type { CaseView } from '../cases/types';
import { CaseDocument } from './CaseDocument';
import { DOCUMENTS, documentsFor, isDocumentKind, type DocumentKind } from './registry';
import { PrintState } from './PrintState';
import { usePrintBody } from './usePrintBody';
import './documents.css';

const SESSION_KEY = 'onewindow.session';

/** Why the route itself cannot be printed, before asking the core anything. */
function routeProblem(kind: string | undefined, caseId: number): string | null {
  if (!isDocumentKind(kind)) return `没有这种文书：${kind ?? ''}`;
  if (!Number.isInteger(caseId) || caseId <= 0) return '办件编号无效';
  return null;
}

/** Why this case has no such document (e.g. a receipt for a refused case). */
function caseProblem(c: CaseView, kind: DocumentKind): string | null {
  return documentsFor(c).includes(kind) ? null : `办件 ${c.caseNo}（${c.decisionLabel}，${c.statusLabel}）没有${DOCUMENTS[kind]}`;
}

/**
 * Browser mode opens the page with window.open, which copies this tab's sessionStorage, so
 * the page takes the session from there itself, before its first call (the auth layer is
 * not on this route). The desktop shell's hidden print window has none saved and calls the
 * core with the printing clerk's session instead.
 */
export function useSavedSession(): void {
  useState(() => {
    const saved = sessionStorage.getItem(SESSION_KEY);
    if (saved) setSessionToken(saved);
    return saved;
  });
}

/**
 * /print/<doc>/<caseId>: one document of a case in its two copies, outside the app shell.
 * The page says `document.body.dataset.printReady = 'true'` once the case, the QR code and
 * the fonts are there.
 */
export function PrintPage() {
  const params = useParams();
  const kind = params.doc;
  const caseId = Number(params.caseId);
  const problem = routeProblem(kind, caseId);
  useSavedSession();
  const view = useApiQuery('cases.get', { id: caseId }, { enabled: problem === null });
  const c = view.data;
  const wrongCase = c && isDocumentKind(kind) ? caseProblem(c, kind) : null;
  const caseNo = c && !wrongCase ? c.caseNo : null;
  const qr = useQuery({
    queryKey: ['document.qr', caseNo],
    queryFn: () => QRCode.toDataURL(caseQrPayload(caseNo!), { margin: 0, width: 240, errorCorrectionLevel: 'M' }),
    enabled: caseNo !== null,
    staleTime: Infinity,
  });
  const failed = view.error ?? qr.error;
  const error = problem ?? wrongCase ?? (failed ? errorText(failed) : null);
  const ready = !error && c && qr.data && isDocumentKind(kind) ? { c, kind, qr: qr.data } : null;

  usePrintBody(ready ? `${DOCUMENTS[ready.kind]} ${ready.c.caseNo}` : null);

  if (error || !ready) return <PrintState error={error} />;
  return (
    <main aria-label={DOCUMENTS[ready.kind]}>
      <div className="ow-toolbar ow-noprint">
        <span>
          {DOCUMENTS[ready.kind]} · {ready.c.caseNo} · A4 一式两份
        </span>
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <CaseDocument c={ready.c} kind={ready.kind} qr={ready.qr} />
    </main>
  );
}
