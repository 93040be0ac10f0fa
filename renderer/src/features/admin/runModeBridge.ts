import type { RunModeBridge } from './runMode';

/** The desktop's run mode bridge, absent in a browser (and in a desktop build without it). */
export function runModeBridge(): RunModeBridge | null {
  const bridge = window.onewindow as (typeof window.onewindow & { runMode?: RunModeBridge }) | undefined;
  return bridge?.runMode ?? null;
}
