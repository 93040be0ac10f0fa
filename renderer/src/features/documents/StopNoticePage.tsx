import { useParams } from 'react-router';
import { useApiQuery } from '../../api/query';
import { errorText } from '../../ui/errors';
import { StopNoticeSheet } from './notices/StopNotice';
import { useSavedSession } from './PrintPage';
import { STOP_NOTICE } from './registry';
import { PrintState } from './PrintState';
import { usePrintBody } from './usePrintBody';
import './documents.css';

const COPIES = ['家属留存', '中心存档'] as const;

/**
 * /print/stop-notice/<residentId>: the 停发通知书 after a death or move-out, in its two
 * copies, outside the app shell; ready to print when `document.body.dataset.printReady`.
 */
export function StopNoticePage() {
  const residentId = Number(useParams().residentId);
  const valid = Number.isInteger(residentId) && residentId > 0;
  useSavedSession();
  const loaded = useApiQuery('residents.stopNotice', { residentId }, { enabled: valid });
  const n = loaded.data;
  const error = !valid ? '居民编号无效' : loaded.error ? errorText(loaded.error) : null;

  usePrintBody(n ? `${STOP_NOTICE} ${n.resident.name}` : null);

  if (error || !n) return <PrintState error={error} />;
  return (
    <main aria-label={STOP_NOTICE}>
      <div className="ow-toolbar ow-noprint">
        <span>
          {STOP_NOTICE} · {n.resident.name} · A4 一式两份
        </span>
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <div className="ow-docs" data-document="stop-notice">
        {COPIES.map((copy, i) => (
          <StopNoticeSheet key={copy} n={n} copy={copy} copyIndex={i} />
        ))}
      </div>
    </main>
  );
}
