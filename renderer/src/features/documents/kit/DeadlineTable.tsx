import type { CaseView } from '../../cases/types';
import { chineseDate } from './format';

/** 办理时限: accepted on, due on, and the legal time limit with what does not count towards it. */
export function DeadlineTable({ c }: { c: CaseView }) {
  return (
    <table className="ow-grid" aria-label="办理时限">
      <tbody>
        <tr>
          <td className="label" style={{ width: '28mm' }}>
            受理日期
          </td>
          <td>{chineseDate(c.dates.acceptedOn)}</td>
          <td className="label" style={{ width: '28mm' }}>
            承诺办结日期
          </td>
          <td className="ow-emph">{chineseDate(c.dates.dueOn)}</td>
        </tr>
        <tr>
          <td className="label">法定时限</td>
          <td colSpan={3}>
            {c.deadline.timeLimitDays} 个工作日（自受理之日起计算{c.stages.some((s) => s.kind === 'posting') ? '，公示期不计入' : ''}
            {c.item.extensionDays > 0 ? `；情况复杂的，经批准可延长 ${c.item.extensionDays} 个工作日` : ''}）
          </td>
        </tr>
      </tbody>
    </table>
  );
}
