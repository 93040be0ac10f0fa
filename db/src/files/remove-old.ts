/**
 * Files handed in, and the reports made from them, hold residents' personal data: they are
 * kept only as long as someone may still need them, and removed by age when the next one
 * comes in.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the entries of `dir` (files or folders) whose name passes `which` and that are older
 * than `ageMs` by the computer's clock, the clock their modification times are written by
 * (never the business date a test or a replay sets).
 */
export function removeOlderThan(dir: string, ageMs: number, which: (name: string) => boolean = () => true): void {
  const now = Date.now();
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!which(name)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > ageMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove: the next sweep tries again
    }
  }
}
