import { useEffect, useRef } from 'react';

const ACTIVITY_EVENTS = ['mousedown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

/**
 * Calls `onIdle` after `minutes` without keyboard or mouse activity. The server ends the
 * session after the same time; locking here first means the clerk sees the lock screen
 * rather than an error on the next click.
 */
export function useIdleLock(minutes: number | null, active: boolean, onIdle: () => void): void {
  const last = useRef(Date.now());
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (!active || !minutes) return;
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
    };
    ACTIVITY_EVENTS.forEach((e) => window.addEventListener(e, touch, { passive: true, capture: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) onIdleRef.current();
    }, 1000);
    return () => {
      ACTIVITY_EVENTS.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
      window.clearInterval(timer);
    };
  }, [minutes, active]);
}
