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

type Timed = (i: number) => unknown | Promise<unknown>;

/**
 * Runs `fn(i)` `warmup` times untimed, then `reps` times timed, but stops timing after
 * `maxSeconds` once 20 repetitions are in (a slow figure at district scale would
 * otherwise take hours; `reps` in the result says how many ran).
 */
export async function measure(reps: number, fn: Timed, warmup = Math.min(20, reps), maxSeconds = 30): Promise<Figure> {
  return (await measureInTurn(reps, [fn], warmup, maxSeconds))[0]!;
}

/**
 * Two ways of doing the same thing (the raw search function and the dispatcher), timed on
 * the same inputs in turn, each going first on every other input: timed one after the
 * other, the second found the first one's pages in the cache (ratios below 1).
 */
export async function measurePair(reps: number, a: Timed, b: Timed, warmup = Math.min(20, reps)): Promise<[Figure, Figure]> {
  const [fa, fb] = await measureInTurn(reps, [a, b], warmup, 60);
  return [fa!, fb!];
}

/** Each input i through every function, the first of them rotating with i. */
async function measureInTurn(reps: number, fns: Timed[], warmup: number, maxSeconds: number): Promise<Figure[]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn(i);
  const times: number[][] = fns.map(() => []);
  const started = performance.now();
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < fns.length; k++) {
      const which = (i + k) % fns.length;
      const t0 = process.hrtime.bigint();
      await fns[which]!(warmup + i);
      times[which]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    if (i + 1 >= 20 && performance.now() - started > maxSeconds * 1000) break;
  }
  return times.map(summarize);
}

export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
