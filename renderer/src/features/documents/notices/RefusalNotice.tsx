import { AppealNotice, chineseDate, Section, type DocumentProps } from '../kit';

/** 不予受理通知书: why the application was not accepted, where to go instead, and the right to appeal. */
export function RefusalNotice({ c }: DocumentProps) {
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您于 {chineseDate(c.dates.receivedOn)} 申请办理“{c.item.name}”，经审查，本中心决定不予受理。
      </p>
      <Section title="不予受理的理由" testId="refusal-reason">
        {c.refusal?.reason ?? c.outcome?.reason ?? '—'}
      </Section>
      {c.refusal?.referTo ? <Section title="建议办理途径">{c.refusal.referTo}</Section> : null}
      <AppealNotice noun="本通知书" />
      <p className="ow-para">决定日期：{chineseDate(c.outcome?.completedOn ?? c.dates.receivedOn)}</p>
    </>
  );
}
