import { useEffect, type ReactNode } from 'react';
import { KioskPage } from '../kiosk/KioskPage';
import { RatePage } from '../ratings/RatePage';
import { RunModeGate } from '../admin/RunModeGate';
import { centrePage } from './centre';
import { DeviceRevokedScreen } from './DeviceRevoked';
import { PairingPage } from './PairingPage';

/**
 * What this page shows before the application itself, by where it runs: at a centre
 * server an unpaired browser sees only the pairing page and a kiosk only the
 * self-service lookup (neither signs in); a desktop not yet told how to run asks first.
 */
export function DeviceRoot({ app }: { app: ReactNode }) {
  const page = centrePage();
  const kiosk = page.at === 'paired' && page.kind === 'kiosk';
  // A kiosk paired to a window may be that window's rating screen (/rate) instead of the lookup.
  const rating = kiosk && window.location.pathname === '/rate';
  useEffect(() => {
    if (kiosk && !rating && window.location.pathname !== '/kiosk') window.history.replaceState(null, '', '/kiosk');
  }, [kiosk, rating]);
  if (page.at === 'unpaired') return <PairingPage fingerprint={page.fingerprint} />;
  if (kiosk)
    return (
      <DeviceRevokedScreen>{rating ? <RatePage paired /> : <KioskPage />}</DeviceRevokedScreen>
    );
  if (page.at === 'paired') return <DeviceRevokedScreen>{app}</DeviceRevokedScreen>;
  return <RunModeGate>{app}</RunModeGate>;
}
