import type { ReactNode } from 'react';
import type { CaseView } from '../../cases/types';
import { ApplicantTable } from './ApplicantTable';
import { DocumentHeader } from './DocumentHeader';
import { DocumentFooter } from './SignatureBlock';

/**
 * One A4 sheet of a document: header, applicant, the document's own body, then the foot
 * with signatures and seal. Everything is laid out in millimetres (documents.css).
 */
export function DocumentSheet({ c, title, copy, copyIndex, qr, children }: { c: CaseView; title: string; copy: string; copyIndex: number; qr: string | null; children: ReactNode }) {
  return (
    <section className="ow-sheet" aria-label={`${title}（${copy}）`} data-copy={copy}>
      <DocumentHeader c={c} title={title} copy={copy} copyIndex={copyIndex} qr={qr} />
      <ApplicantTable c={c} />
      {children}
      <DocumentFooter c={c} />
    </section>
  );
}
