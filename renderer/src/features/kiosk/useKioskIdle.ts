import { useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Seconds left before the kiosk goes back to its start, counting from the last touch or key
 * (a scanner's keystrokes count too); `onIdle` runs when it reaches 0. Inactive at the start
 * screen, which has nothing to clear.
 */
export function useKioskIdle(seconds: number, active: boolean, onIdle: () => void): number {
  const [left, setLeft] = useState(seconds);
  const last = useRef(Date.now());
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (!active) return;
    last.current = Date.now();
    setLeft(seconds);
    const touch = () => {
      last.current = Date.now();
      setLeft(seconds);
    };
    ACTIVITY_EVENTS.forEach((e) => window.addEventListener(e, touch, { passive: true, capture: true }));
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - last.current) / 1000));
      setLeft(remaining);
      if (remaining === 0) onIdleRef.current();
    }, 1000);
    return () => {
      ACTIVITY_EVENTS.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
      window.clearInterval(timer);
    };
  }, [seconds, active]);
  return left;
}
