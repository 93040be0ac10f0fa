/**
 * Where this page runs, as the host that served it says in its meta tags: the local
 * browser mode or the desktop (no centre), or a centre server, where the browser is
 * either not yet paired, or paired as a workstation or a kiosk (centre-host.ts indexFor).
 */
export type DeviceKind = 'workstation' | 'kiosk';

export type CentrePage =
  | { at: 'local' }
  | { at: 'unpaired'; fingerprint: string }
  | { at: 'paired'; kind: DeviceKind; name: string; fingerprint: string };

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

export function centrePage(): CentrePage {
  const state = meta('onewindow-centre');
  const fingerprint = meta('onewindow-fingerprint');
  if (state === 'unpaired') return { at: 'unpaired', fingerprint };
  if (state === 'paired') return { at: 'paired', kind: meta('onewindow-device-kind') === 'kiosk' ? 'kiosk' : 'workstation', name: meta('onewindow-device-name'), fingerprint };
  return { at: 'local' };
}

export const DEVICE_KIND_LABELS: Record<DeviceKind, string> = { workstation: '工作站（窗口、后台）', kiosk: '自助查询机' };
