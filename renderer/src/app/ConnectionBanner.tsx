import { Alert, Badge } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { link, type LinkSnapshot } from '../api/connection';

export function useLink(): LinkSnapshot {
  return useSyncExternalStore(link.subscribe, link.snapshot);
}

/** a page of the centre server, or the desktop app in client mode (its bridge reports the link) */
const atCentre = () => document.querySelector<HTMLMetaElement>('meta[name="onewindow-centre"]') !== null || (window.onewindow !== undefined && 'connection' in window.onewindow);

/** Shown while calls or the change stream do not get through; the calls retry meanwhile. */
export function ConnectionBanner() {
  const { online } = useLink();
  if (online) return null;
  return (
    <Alert color="orange" variant="filled" py={6} mb="sm" role="alert" data-testid="connection-banner" style={{ position: 'sticky', top: 64, zIndex: 150 }}>
      {atCentre() ? '中心服务器连接中断，正在重试' : '与本机服务的连接中断，正在重试'}
    </Alert>
  );
}

/** Beside the page: what is on screen may be older than the server's records. */
export function StaleMark() {
  const { stale } = useLink();
  if (!stale) return null;
  return (
    <Badge color="orange" variant="light" size="sm" data-testid="stale-mark" title="连接恢复并重新读取后，此标记消失">
      数据可能不是最新
    </Badge>
  );
}
