import type { CaseView } from '../../cases/types';

/** A line to sign on, after its label (申请人（签字）：____). */
export function SignLine({ label, width }: { label: string; width?: string }) {
  return (
    <>
      {label}：<span className="ow-line" style={width ? { width } : undefined} />
    </>
  );
}

/** The applicant's and the clerk's signatures with their dates, beside the centre's seal. */
export function SignatureBlock() {
  return (
    <div className="ow-sign">
      <div className="ow-sign-lines">
        {['申请人', '受理人'].map((who) => (
          <div key={who}>
            <SignLine label={`${who}（签字）`} />
            <SignLine label="日期" width="26mm" />
          </div>
        ))}
      </div>
      <div className="ow-seal">（受理专用章）</div>
    </div>
  );
}

/** The foot of every sheet: who took the case where, how to reach the centre, the signatures and the seal. */
export function DocumentFooter({ c }: { c: CaseView }) {
  return (
    <div className="ow-foot">
      <div className="ow-meta">
        <div>受理人：{c.clerk.name ?? '—'}</div>
        <div>受理窗口：{c.windowNo ?? '—'}</div>
        <div>咨询电话：{c.centre.phone || '—'}</div>
        <div>中心地址：{c.centre.address || '—'}</div>
      </div>
      <SignatureBlock />
      <div className="ow-note">本文书一式两份，申请人与窗口各执一份。凭办件编号或二维码可查询办理进度。</div>
    </div>
  );
}
