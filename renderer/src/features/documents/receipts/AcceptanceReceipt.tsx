import { DeadlineTable, MaterialsTable, type DocumentProps } from '../kit';

/** 受理回执: the case was accepted (or accepted with materials to follow); what came in and when it will be done. */
export function AcceptanceReceipt({ c }: DocumentProps) {
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您申请的“{c.item.name}”，经审查，申请材料{c.deferred.length ? '主要材料齐全' : '齐全'}，符合受理条件，本中心
        {c.decision === 'accept_deferred' ? '予以容缺受理' : '予以受理'}。收到的材料如下：
      </p>
      <MaterialsTable c={c} />
      <DeadlineTable c={c} />
      <p className="ow-para">本中心将在承诺办结日期前办结，办理结果将另行通知。如需查询办理进度，请凭本回执或办件编号咨询。</p>
    </>
  );
}
