/** Timing helpers: repetitions, median and p95 in milliseconds. */
export interface Figure {
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
  reps: number;
}

export function summarize(ms: number[]): Figure {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return {
    median: at(0.5),
    p95: at(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    reps: sorted.length,
  };
}

/**
 * Runs `fn(i)` `warmup` times untimed, then `reps` times timed, but stops timing after
 * `maxSeconds` once 20 repetitions are in (a slow figure at district scale would
 * otherwise take hours; `reps` in the result says how many ran).
 */
export async function measure(reps: number, fn: (i: number) => unknown | Promise<unknown>, warmup = Math.min(20, reps), maxSeconds = 30): Promise<Figure> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const ms: number[] = [];
  const started = performance.now();
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn(warmup + i);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (ms.length >= 20 && performance.now() - started > maxSeconds * 1000) break;
  }
  return summarize(ms);
}

/**
 * Two ways of doing the same thing (the raw search function and the dispatcher), timed on
 * the same inputs in turn, each going first on every other input: timed one after the
 * other, the second found the first one's pages in the cache (ratios below 1).
 */
export async function measurePair(
  reps: number,
  a: (i: number) => unknown | Promise<unknown>,
  b: (i: number) => unknown | Promise<unknown>,
  warmup = Math.min(20, reps),
  maxSeconds = 60,
): Promise<[Figure, Figure]> {
  for (let i = 0; i < warmup; i++) {
    await a(i);
    await b(i);
  }
  const times: [number[], number[]] = [[], []];
  const fns = [a, b] as const;
  const started = performance.now();
  for (let i = 0; i < reps; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const t0 = process.hrtime.bigint();
      await fns[which]!(warmup + i);
      times[which]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    if (i >= 20 && performance.now() - started > maxSeconds * 1000) break;
  }
  return [summarize(times[0]), summarize(times[1])];
}

export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
