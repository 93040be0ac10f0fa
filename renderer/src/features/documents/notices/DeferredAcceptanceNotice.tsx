import type { CaseView } from '../../cases/types';
import { chineseDate, DeadlineTable, NumberedTable, Section, SignLine, type DocumentProps } from '../kit';

type Deferred = CaseView['deferred'][number];

/** 容缺受理通知书: accepted with secondary materials to follow; each one's due date, and the applicant's signed commitment. */
export function DeferredAcceptanceNotice({ c }: DocumentProps) {
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您申请的“{c.item.name}”，主要申请材料齐全，部分次要材料暂缺。根据容缺受理制度，本中心予以容缺受理。请您在下列期限前补交所缺材料：
      </p>
      <NumberedTable<Deferred>
        label="容缺材料"
        testId="deferred-material"
        rows={c.deferred}
        columns={[
          { header: '容缺材料', cell: (d) => d.name },
          { header: '补交期限', width: '40mm', num: true, cell: (d) => `${chineseDate(d.dueDate)}前` },
        ]}
      />
      <DeadlineTable c={c} />
      <Section title="容缺受理承诺书">
        <p className="ow-para" style={{ marginBottom: '2mm' }}>
          {c.commitment}
        </p>
        <div style={{ textAlign: 'right' }}>
          <SignLine label="承诺人（签字）" />
        </div>
      </Section>
    </>
  );
}
