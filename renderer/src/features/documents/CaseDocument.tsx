/**
 * A case's printed document in its copies. Each document is a body of its own file
 * (receipts/, notices/) built from the kit (kit/): the sheet around it, with header,
 * applicant, signatures and seal, is the same for all.
 */
import type { ComponentType } from 'react';
import type { CaseView } from '../cases/types';
import { DocumentSheet, type DocumentProps } from './kit';
import { CompletionNotice } from './notices/CompletionNotice';
import { DeferredAcceptanceNotice } from './notices/DeferredAcceptanceNotice';
import { OneTimeNotice } from './notices/OneTimeNotice';
import { RefusalNotice } from './notices/RefusalNotice';
import { AcceptanceReceipt } from './receipts/AcceptanceReceipt';
import { DOCUMENTS, type DocumentKind } from './registry';

const COPIES = ['申请人留存', '窗口存档'] as const;

const BODIES: Record<DocumentKind, ComponentType<DocumentProps>> = {
  receipt: AcceptanceReceipt,
  notice: OneTimeNotice,
  deferred: DeferredAcceptanceNotice,
  refusal: RefusalNotice,
  completion: CompletionNotice,
};

/** One document in its two copies (申请人留存 / 窗口存档), each on its own A4 sheet. */
export function CaseDocument({ c, kind, qr }: { c: CaseView; kind: DocumentKind; qr: string | null }) {
  const Body = BODIES[kind];
  return (
    <div className="ow-docs" data-document={kind}>
      {COPIES.map((copy, i) => (
        <DocumentSheet key={copy} c={c} title={DOCUMENTS[kind]} copy={copy} copyIndex={i} qr={qr}>
          <Body c={c} />
        </DocumentSheet>
      ))}
    </div>
  );
}
