import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { call, setSessionToken } from '../../api/client';
import { errorText } from '../../ui/errors';
import type { CaseView } from '../cases/types';
import { CaseDocument } from './CaseDocument';
import { DOCUMENTS, documentsFor, isDocumentKind } from './registry';
import './documents.css';

const SESSION_KEY = 'onewindow.session';

/**
 * /print/<doc>/<caseId>: one document of a case in its two copies, outside the app shell.
 * Browser mode opens it with window.open, which copies this tab's sessionStorage, so the
 * page takes the session from there itself (before the auth layer has looked); the desktop
 * shell's hidden print window calls the core with the printing clerk's session instead.
 * The page says `document.body.dataset.printReady = 'true'` once the case, the QR code and
 * the fonts are there.
 */
export function PrintPage() {
  const params = useParams();
  const kind = params.doc;
  const caseId = Number(params.caseId);
  const [c, setCase] = useState<CaseView | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.body.classList.add('ow-print-body');
    delete document.body.dataset.printReady;
    return () => {
      document.body.classList.remove('ow-print-body');
      delete document.body.dataset.printReady;
    };
  }, []);

  useEffect(() => {
    let live = true;
    if (!isDocumentKind(kind)) {
      setError(`没有这种文书：${kind ?? ''}`);
      return;
    }
    if (!Number.isInteger(caseId) || caseId <= 0) {
      setError('办件编号无效');
      return;
    }
    const saved = sessionStorage.getItem(SESSION_KEY);
    if (saved) setSessionToken(saved);
    (async () => {
      try {
        const view = await call('cases.get', { id: caseId });
        if (!documentsFor(view).includes(kind)) {
          throw new Error(`办件 ${view.caseNo}（${view.decisionLabel}，${view.statusLabel}）没有${DOCUMENTS[kind]}`);
        }
        const code = await QRCode.toDataURL(view.caseNo, { margin: 0, width: 240, errorCorrectionLevel: 'M' });
        if (!live) return;
        document.title = `${DOCUMENTS[kind]} ${view.caseNo}`;
        setQr(code);
        setCase(view);
      } catch (err) {
        if (live) setError(errorText(err));
      }
    })();
    return () => {
      live = false;
    };
  }, [kind, caseId]);

  useEffect(() => {
    if (!c || !qr) return;
    let live = true;
    void document.fonts.ready.then(() => {
      if (live) document.body.dataset.printReady = 'true';
    });
    return () => {
      live = false;
    };
  }, [c, qr]);

  if (error) {
    return (
      <div className="ow-print-error" role="alert">
        <h1 style={{ fontSize: 18 }}>无法生成文书</h1>
        <p>{error}</p>
      </div>
    );
  }
  if (!c || !isDocumentKind(kind)) return <div className="ow-print-error">正在准备文书…</div>;
  return (
    <main aria-label={DOCUMENTS[kind]}>
      <div className="ow-toolbar ow-noprint">
        <span>
          {DOCUMENTS[kind]} · {c.caseNo} · A4 一式两份
        </span>
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <CaseDocument c={c} kind={kind} qr={qr} />
    </main>
  );
}
