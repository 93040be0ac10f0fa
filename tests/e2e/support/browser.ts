import { existsSync } from 'node:fs';

/**
 * Debian's Chromium where it is installed (Playwright cannot download its own browser on
 * these machines); otherwise undefined, so Playwright looks for its own build and says
 * clearly that it is missing.
 */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.ONEWINDOW_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}
