import { useParams } from 'react-router';
import { useApiQuery } from '../../api/query';
import { errorText } from '../../ui/errors';
import { useSavedSession } from './PrintPage';
import { PrintState } from './PrintState';
import { usePrintBody } from './usePrintBody';
import { RESULT_LABELS } from '../decisions/DecisionRows';
import './documents.css';

export const DECISION_REPORT = '区级决定导入报告';
export const decisionReportRoute = (importId: number) => `/print/decision-import/${importId}`;

/**
 * /print/decision-import/<importId>: the recorded report of one decision import, on A4 (to
 * print, or to save as PDF from the print dialog), outside the app shell.
 */
export function DecisionReportPage() {
  const importId = Number(useParams().importId);
  const valid = Number.isInteger(importId) && importId > 0;
  useSavedSession();
  const loaded = useApiQuery('decisions.report', { importId }, { enabled: valid });
  const r = loaded.data;
  const error = !valid ? '导入编号无效' : loaded.error ? errorText(loaded.error) : null;
  usePrintBody(r ? `${DECISION_REPORT} ${r.id}` : null);

  if (error || !r) return <PrintState error={error} />;
  return (
    <main aria-label={DECISION_REPORT}>
      <div className="ow-toolbar ow-noprint">
        <span>
          {DECISION_REPORT} · 导入编号 {r.id}
        </span>
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <div className="ow-docs" data-document="decision-import">
        <section className="ow-sheet" aria-label={DECISION_REPORT}>
          <div className="ow-title">{DECISION_REPORT}</div>
          <p className="ow-para" style={{ textIndent: 0 }}>
            文件：{r.fileName}（SHA-256 {r.sha256}）
            <br />
            导入人：{r.actorName}，导入时间：{new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
            <br />共 {r.rowsTotal} 行：已办结 {r.applied} 行，不予导入 {r.refused} 行{r.rowsTotal - r.applied - r.refused > 0 ? `，未改动 ${r.rowsTotal - r.applied - r.refused} 行` : ''}
          </p>
          <table className="ow-grid" aria-label="逐行结果">
            <thead>
              <tr>
                <th style={{ width: '10mm' }}>行号</th>
                <th>办件编号</th>
                <th>申请人</th>
                <th>决定</th>
                <th>决定文号</th>
                <th style={{ width: '18mm' }}>结果</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => (
                <tr key={row.line} data-testid="report-row">
                  <td>{row.line}</td>
                  <td>{row.caseNo || '—'}</td>
                  <td>{row.name ?? '—'}</td>
                  <td>{row.decision || '—'}</td>
                  <td>{row.decisionNo || '—'}</td>
                  <td>{RESULT_LABELS[row.result]}</td>
                  <td>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </main>
  );
}
