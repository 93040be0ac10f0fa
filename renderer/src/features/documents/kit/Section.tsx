import type { ReactNode } from 'react';

/** A titled, boxed passage (不予受理的理由, 容缺受理承诺书). */
export function Section({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <>
      <div className="ow-section">{title}</div>
      <div className="ow-box" data-testid={testId}>
        {children}
      </div>
    </>
  );
}

/** The applicant's rights against a decision, as every refusal must state them; `noun` is how the document calls itself. */
export function AppealNotice({ noun }: { noun: string }) {
  return <p className="ow-para">如对本决定不服，可自收到{noun}之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。</p>;
}
