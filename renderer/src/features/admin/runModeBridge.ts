import type { RunModeBridge } from './runMode';

/** The desktop's run mode bridge, absent in a browser (and in a desktop build without it). */
export function runModeBridge(): RunModeBridge | null {
  return window.onewindow?.runMode ?? null;
}
