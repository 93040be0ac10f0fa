import { AppealNotice, chineseDate, type DocumentProps } from '../kit';

/**
 * 办结通知: the decision on an accepted case, with the benefit it starts when approved. A
 * decision of a district authority (收受分离) is stated as that authority's, with its number
 * and date: the centre only passes it on and never says it decided.
 */
function decisionRef(d: NonNullable<DocumentProps['c']['districtDecision']>): string {
  return [d.decisionNo ? `决定文号：${d.decisionNo}` : null, d.decisionDate ? `决定日期：${chineseDate(d.decisionDate)}` : null].filter(Boolean).join('，');
}

export function CompletionNotice({ c }: DocumentProps) {
  const approved = c.status === 'approved';
  const district = c.districtDecision;
  const result = approved ? '准予' : '不予批准';
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您于 {chineseDate(c.dates.acceptedOn ?? c.dates.receivedOn)} 申请的“{c.item.name}”已办结，结果如下：
      </p>
      {district && (
        <p className="ow-para" data-testid="district-decision">
          经{district.decidedBy}审核确认，{result}
          {decisionRef(district) ? `（${decisionRef(district)}）` : ''}。
        </p>
      )}
      <table className="ow-grid" aria-label="办理结果">
        <tbody>
          <tr>
            <td className="label" style={{ width: '28mm' }}>
              办理结果
            </td>
            <td className="ow-emph">{result}</td>
            <td className="label" style={{ width: '28mm' }}>
              办结日期
            </td>
            <td>{chineseDate(c.outcome?.completedOn)}</td>
          </tr>
          {district && (
            <tr>
              <td className="label">决定机关</td>
              <td>{district.decidedBy}</td>
              <td className="label">决定文号</td>
              <td>{district.decisionNo ?? '—'}</td>
            </tr>
          )}
          <tr>
            <td className="label">{district ? '决定理由' : '审批意见'}</td>
            <td colSpan={3}>{c.outcome?.reason ?? '—'}</td>
          </tr>
          {c.beneficiary ? (
            <tr>
              <td className="label">待遇发放</td>
              <td colSpan={3}>
                自 {c.beneficiary.startMonth.replace('-', ' 年 ')} 月起按月发放，每月 {c.beneficiary.latestAmount.toFixed(2)} 元
                {c.beneficiary.annualReview ? '，每年复核一次' : ''}
              </td>
            </tr>
          ) : null}
          <tr>
            <td className="label">受理日期</td>
            <td>{chineseDate(c.dates.acceptedOn)}</td>
            <td className="label">承诺办结</td>
            <td>{chineseDate(c.dates.dueOn)}</td>
          </tr>
        </tbody>
      </table>
      {!approved ? <AppealNotice noun="本通知" /> : null}
    </>
  );
}
