import type { CaseView } from '../../cases/types';
import { chineseDate, copyHeading } from './format';

/**
 * The top of every sheet: which copy it is, the centre, the document's title, and the case
 * number with its QR code (scanned at the window to find the case again).
 */
export function DocumentHeader({ c, title, copy, copyIndex, qr }: { c: CaseView; title: string; copy: string; copyIndex: number; qr: string | null }) {
  return (
    <>
      <div className="ow-copy">{copyHeading(copyIndex, copy)}</div>
      <div className="ow-centre">{c.centre.name}</div>
      <div className="ow-title">{title}</div>
      <div className="ow-head">
        <div className="ow-head-lines">
          <div>
            办件编号：<span className="ow-caseno">{c.caseNo}</span>
          </div>
          <div>收件日期：{chineseDate(c.dates.receivedOn)}</div>
          <div>
            事项类别：{c.item.familyLabel}（{c.item.department}）
          </div>
        </div>
        <div className="ow-qr">
          {qr ? <img src={qr} alt={`办件编号二维码 ${c.caseNo}`} /> : null}
          <div>扫码查询办件</div>
        </div>
      </div>
    </>
  );
}
