import type { HandlerOutput } from '../../../../../db/src/contract';
import { chineseDate, copyHeading, NumberedTable, Section, SignLine, type Column } from '../kit';
import { STOP_NOTICE } from '../registry';
import { shanghaiDate } from '../../../../../db/src/shared/china-time';

export type StopNoticeData = HandlerOutput<'residents.stopNotice'>;
type Stopped = StopNoticeData['benefits'][number];

/** 2027-04 → 2027年4月 */
export const chineseMonth = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const COLUMNS: readonly Column<Stopped & { key: string }>[] = [
  { header: '待遇事项', cell: (b) => b.itemName },
  { header: '办件编号', width: '48mm', cell: (b) => b.caseNo },
  { header: '月金额（元）', width: '22mm', num: true, cell: (b) => b.monthlyAmount.toFixed(2) },
  { header: '停发月份', width: '30mm', num: true, cell: (b) => `自${chineseMonth(b.stopMonth)}起` },
  { header: '备注', width: '32mm', cell: (b) => (b.neverPaid ? '尚未开始发放' : `发放至${chineseMonth(prevMonth(b.stopMonth))}`) },
];

function prevMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** What happened, as the notice states it: 于2027年3月15日死亡 / 于…迁出（迁往…）. */
function eventText(n: StopNoticeData): string {
  const when = chineseDate(n.statusDate);
  return n.status === 'deceased' ? `已于${when}死亡` : `已于${when}迁出${n.movedTo ? `（迁往${n.movedTo}）` : ''}`;
}

/**
 * One sheet of the 停发通知书: to the household, each stopped benefit with its amount and
 * the month payment stops, the reason, and the centre's name with its seal.
 */
export function StopNoticeSheet({ n, copy, copyIndex }: { n: StopNoticeData; copy: string; copyIndex: number }) {
  const material = `${n.material}${n.materialNo ? `（编号 ${n.materialNo}）` : ''}`;
  return (
    <section className="ow-sheet" aria-label={`${STOP_NOTICE}（${copy}）`} data-copy={copy}>
      <div className="ow-copy">{copyHeading(copyIndex, copy)}</div>
      <div className="ow-centre">{n.centre.name}</div>
      <div className="ow-title">{STOP_NOTICE}</div>
      <p className="ow-para" style={{ textIndent: 0 }}>
        {n.addressee}：
      </p>
      <p className="ow-para">
        经核实，{n.resident.name}（身份证号码 {n.resident.idNumber}）{eventText(n)}，有{material}为凭。根据有关规定，其享受的下列待遇自{n.status === 'deceased' ? '死亡' : '迁出'}次月起停止发放：
      </p>
      {n.benefits.length ? (
        <NumberedTable label="停发的待遇" rows={n.benefits.map((b) => ({ ...b, key: String(b.beneficiaryId) }))} columns={COLUMNS} testId="stopped-benefit" />
      ) : (
        <p className="ow-para">{n.resident.name}登记时没有正在享受的按月待遇，无须停发。</p>
      )}
      <Section title="停发原因" testId="stop-reason">
        {n.resident.name}
        {eventText(n)}，{material}。{n.reason}
      </Section>
      <p className="ow-para">
        停发月份以后已发放的款项，请家庭成员配合退回。如对本通知有异议，请自收到之日起六十日内持相关材料到本中心窗口咨询，或依法申请行政复议。
      </p>
      <div className="ow-foot">
        <div className="ow-meta">
          <div>登记人：{n.recordedBy || '—'}</div>
          <div>登记日期：{chineseDate(shanghaiDate(new Date(n.recordedAt)))}</div>
          <div>咨询电话：{n.centre.phone || '—'}</div>
          <div>中心地址：{n.centre.address || '—'}</div>
        </div>
        <div className="ow-sign">
          <div className="ow-sign-lines">
            <div>
              <SignLine label="家属（签收）" />
              <SignLine label="日期" width="26mm" />
            </div>
            <div>
              <SignLine label="经办人（签字）" />
              <SignLine label="日期" width="26mm" />
            </div>
          </div>
          <div className="ow-seal">
            {n.centre.name}
            <br />
            （印章）
          </div>
        </div>
        <div className="ow-note">本通知书一式两份，家属与中心各执一份。</div>
      </div>
    </section>
  );
}
