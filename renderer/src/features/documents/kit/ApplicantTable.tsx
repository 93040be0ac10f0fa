import type { CaseView } from '../../cases/types';

const SEX = { male: '男', female: '女' } as const;

/** Who applied for what: under the header of every document. The address line only when there is one to print. */
export function ApplicantTable({ c }: { c: CaseView }) {
  return (
    <table className="ow-grid" aria-label="申请人与事项">
      <colgroup>
        <col style={{ width: '20mm' }} />
        <col />
        <col style={{ width: '24mm' }} />
        <col style={{ width: '52mm' }} />
      </colgroup>
      <tbody>
        <tr>
          <td className="label">申请人</td>
          <td>
            {c.applicant.name}（{SEX[c.applicant.sex]}，{c.applicant.age} 岁）
          </td>
          <td className="label">身份证号码</td>
          <td>{c.applicant.idNumber}</td>
        </tr>
        <tr>
          <td className="label">申请事项</td>
          <td>{c.item.name}</td>
          <td className="label">事项编码</td>
          <td>{c.item.code}</td>
        </tr>
        {c.applicant.address || c.applicant.phone ? (
          <tr>
            <td className="label">地址</td>
            <td>{c.applicant.address ?? '—'}</td>
            <td className="label">联系电话</td>
            <td>{c.applicant.phone ?? '—'}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
