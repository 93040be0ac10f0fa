/**
 * The printed documents as shared React components: one frame (centre, title, case number
 * with its QR code, applicant, item, clerk, window, phone, signature and seal areas) and a
 * body per document. Everything is laid out in millimetres (documents.css).
 */
import type { ReactNode } from 'react';
import type { CaseView } from '../cases/types';
import { chineseDate, DOCUMENTS, type DocumentKind } from './registry';

export const COPIES = ['申请人留存', '窗口存档'] as const;
export type CopyLabel = (typeof COPIES)[number];

const SEX = { male: '男', female: '女' } as const;

function Frame({ c, kind, copy, copyIndex, qr, children }: { c: CaseView; kind: DocumentKind; copy: CopyLabel; copyIndex: number; qr: string | null; children: ReactNode }) {
  return (
    <section className="ow-sheet" aria-label={`${DOCUMENTS[kind]}（${copy}）`} data-copy={copy}>
      <div className="ow-copy">
        第{copyIndex === 0 ? '一' : '二'}联 {copy}
      </div>
      <div className="ow-centre">{c.centre.name}</div>
      <div className="ow-title">{DOCUMENTS[kind]}</div>
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
      {children}
      <div className="ow-foot">
        <div className="ow-meta">
          <div>受理人：{c.clerk.name ?? '—'}</div>
          <div>受理窗口：{c.windowNo ?? '—'}</div>
          <div>咨询电话：{c.centre.phone || '—'}</div>
          <div>中心地址：{c.centre.address || '—'}</div>
        </div>
        <div className="ow-sign">
          <div className="ow-sign-lines">
            <div>
              申请人（签字）：<span className="ow-line" />
              日期：<span className="ow-line" style={{ width: '26mm' }} />
            </div>
            <div>
              受理人（签字）：<span className="ow-line" />
              日期：<span className="ow-line" style={{ width: '26mm' }} />
            </div>
          </div>
          <div className="ow-seal">（受理专用章）</div>
        </div>
        <div className="ow-note">
          本文书一式两份，申请人与窗口各执一份。凭办件编号或二维码可查询办理进度。
        </div>
      </div>
    </section>
  );
}

interface Column<T> {
  header: string;
  /** fixed width on paper; the column without one takes the rest */
  width?: string;
  /** centred figures and dates */
  num?: boolean;
  cell: (row: T) => ReactNode;
}

/** The documents' lists of materials: a 序号 column, then the given columns, one row each. */
function NumberedTable<T extends { key: string }>({ label, columns, rows, testId }: { label: string; columns: Column<T>[]; rows: readonly T[]; testId?: string }) {
  return (
    <table className="ow-grid" aria-label={label}>
      <colgroup>
        <col style={{ width: '10mm' }} />
        {columns.map((col) => (
          <col key={col.header} style={col.width ? { width: col.width } : undefined} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th>序号</th>
          {columns.map((col) => (
            <th key={col.header}>{col.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={row.key} data-testid={testId}>
            <td className="num">{i + 1}</td>
            {columns.map((col) => (
              <td key={col.header} className={col.num ? 'num' : undefined}>
                {col.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Material = CaseView['materials'][number];

function materialRemark(m: Material): string {
  if (m.deferredDue) return `容缺，${chineseDate(m.deferredDue)}前补交${m.receivedLaterOn ? `（${chineseDate(m.receivedLaterOn)}已补交）` : ''}`;
  if (m.complete) return '已收齐';
  return m.required ? '未交齐' : '未提供';
}

function MaterialsTable({ c, label = '申请材料' }: { c: CaseView; label?: string }) {
  return (
    <NumberedTable<Material>
      label={label}
      rows={c.materials}
      columns={[
        { header: '材料名称', cell: (m) => `${m.name}${m.required ? '' : '（非必交）'}` },
        { header: '形式', width: '16mm', num: true, cell: (m) => m.formLabel },
        { header: '应交', width: '14mm', num: true, cell: (m) => `${m.copiesRequired} 份` },
        { header: '实交', width: '14mm', num: true, cell: (m) => `${m.copiesReceived} 份` },
        { header: '备注', width: '34mm', cell: materialRemark },
      ]}
    />
  );
}

function Dates({ c }: { c: CaseView }) {
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

function Receipt({ c }: { c: CaseView }) {
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您申请的“{c.item.name}”，经审查，申请材料{c.deferred.length ? '主要材料齐全' : '齐全'}，符合受理条件，本中心
        {c.decision === 'accept_deferred' ? '予以容缺受理' : '予以受理'}。收到的材料如下：
      </p>
      <MaterialsTable c={c} />
      <Dates c={c} />
      <p className="ow-para">本中心将在承诺办结日期前办结，办理结果将另行通知。如需查询办理进度，请凭本回执或办件编号咨询。</p>
    </>
  );
}

function Notice({ c }: { c: CaseView }) {
  const missing = c.noticeMissing ?? c.missing;
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您于 {chineseDate(c.dates.receivedOn)} 申请办理“{c.item.name}”，经审查，申请材料不齐全。现一次性告知您须补正的全部材料如下：
      </p>
      <NumberedTable<(typeof missing)[number]>
        label="须补正的材料"
        testId="notice-missing"
        rows={missing}
        columns={[
          { header: '须补正的材料', cell: (m) => m.name },
          { header: '形式', width: '16mm', num: true, cell: (m) => (m.form === 'original' ? '原件' : '复印件') },
          { header: '应交', width: '14mm', num: true, cell: (m) => `${m.copiesRequired} 份` },
          { header: '实交', width: '14mm', num: true, cell: (m) => `${m.copiesReceived} 份` },
          { header: '尚缺', width: '18mm', num: true, cell: (m) => `${m.copiesRequired - m.copiesReceived} 份` },
        ]}
      />
      <p className="ow-para">请您补齐上述材料后，凭本告知书到本中心任一综合窗口办理。办理时限自材料补齐、予以受理之日起计算（{c.deadline.timeLimitDays} 个工作日）。</p>
      <p className="ow-para">本告知书所列为须补正的全部材料，窗口不再要求提供上述以外的其他材料。</p>
    </>
  );
}

function Deferred({ c }: { c: CaseView }) {
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您申请的“{c.item.name}”，主要申请材料齐全，部分次要材料暂缺。根据容缺受理制度，本中心予以容缺受理。请您在下列期限前补交所缺材料：
      </p>
      <NumberedTable<CaseView['deferred'][number]>
        label="容缺材料"
        testId="deferred-material"
        rows={c.deferred}
        columns={[
          { header: '容缺材料', cell: (d) => d.name },
          { header: '补交期限', width: '40mm', num: true, cell: (d) => `${chineseDate(d.dueDate)}前` },
        ]}
      />
      <Dates c={c} />
      <div className="ow-section">容缺受理承诺书</div>
      <div className="ow-box">
        <p className="ow-para" style={{ marginBottom: '2mm' }}>
          {c.commitment}
        </p>
        <div style={{ textAlign: 'right' }}>
          承诺人（签字）：<span className="ow-line" />
        </div>
      </div>
    </>
  );
}

function Refusal({ c }: { c: CaseView }) {
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您于 {chineseDate(c.dates.receivedOn)} 申请办理“{c.item.name}”，经审查，本中心决定不予受理。
      </p>
      <div className="ow-section">不予受理的理由</div>
      <div className="ow-box" data-testid="refusal-reason">
        {c.refusal?.reason ?? c.outcome?.reason ?? '—'}
      </div>
      {c.refusal?.referTo ? (
        <>
          <div className="ow-section">建议办理途径</div>
          <div className="ow-box">{c.refusal.referTo}</div>
        </>
      ) : null}
      <p className="ow-para">如对本决定不服，可自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。</p>
      <p className="ow-para">决定日期：{chineseDate(c.outcome?.completedOn ?? c.dates.receivedOn)}</p>
    </>
  );
}

function Completion({ c }: { c: CaseView }) {
  const approved = c.status === 'approved';
  return (
    <>
      <p className="ow-para">
        {c.applicant.name}：您于 {chineseDate(c.dates.acceptedOn ?? c.dates.receivedOn)} 申请的“{c.item.name}”已办结，结果如下：
      </p>
      <table className="ow-grid" aria-label="办理结果">
        <tbody>
          <tr>
            <td className="label" style={{ width: '28mm' }}>
              办理结果
            </td>
            <td className="ow-emph">{approved ? '准予' : '不予批准'}</td>
            <td className="label" style={{ width: '28mm' }}>
              办结日期
            </td>
            <td>{chineseDate(c.outcome?.completedOn)}</td>
          </tr>
          <tr>
            <td className="label">审批意见</td>
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
      {!approved ? <p className="ow-para">如对本决定不服，可自收到本通知之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。</p> : null}
    </>
  );
}

const BODIES: Record<DocumentKind, (props: { c: CaseView }) => ReactNode> = {
  receipt: Receipt,
  notice: Notice,
  deferred: Deferred,
  refusal: Refusal,
  completion: Completion,
};

/** One document in its two copies (申请人留存 / 窗口存档), each on its own A4 sheet. */
export function CaseDocument({ c, kind, qr }: { c: CaseView; kind: DocumentKind; qr: string | null }) {
  const Body = BODIES[kind];
  return (
    <div className="ow-docs" data-document={kind}>
      {COPIES.map((copy, i) => (
        <Frame key={copy} c={c} kind={kind} copy={copy} copyIndex={i} qr={qr}>
          <Body c={c} />
        </Frame>
      ))}
    </div>
  );
}
