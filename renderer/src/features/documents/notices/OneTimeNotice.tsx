import type { CaseView } from '../../cases/types';
import { chineseDate, copiesColumns, copiesShort, copiesText, NumberedTable, type DocumentProps } from '../kit';

type Missing = CaseView['missing'][number];

/**
 * 一次性告知书: the materials were not complete; every material still owed, at once, so the
 * window cannot ask for anything else later.
 */
export function OneTimeNotice({ c }: DocumentProps) {
  // The list as it was when the notice was first given, once the case has moved on.
  const missing = c.noticeMissing ?? c.missing;
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您于 {chineseDate(c.dates.receivedOn)} 申请办理“{c.item.name}”，经审查，申请材料不齐全。现一次性告知您须补正的全部材料如下：
      </p>
      <NumberedTable<Missing>
        label="须补正的材料"
        testId="notice-missing"
        rows={missing}
        columns={[
          { header: '须补正的材料', cell: (m) => m.name },
          { header: '形式', width: '16mm', num: true, cell: (m) => (m.form === 'original' ? '原件' : '复印件') },
          ...copiesColumns<Missing>(),
          { header: '尚缺', width: '18mm', num: true, cell: (m) => copiesText(copiesShort(m)) },
        ]}
      />
      <p className="ow-para">请您补齐上述材料后，凭本告知书到本中心任一综合窗口办理。办理时限自材料补齐、予以受理之日起计算（{c.deadline.timeLimitDays} 个工作日）。</p>
      <p className="ow-para">本告知书所列为须补正的全部材料，窗口不再要求提供上述以外的其他材料。</p>
    </>
  );
}
