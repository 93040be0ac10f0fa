/**
 * ONEWINDOW_TEST_NOW=<ISO instant> sets the core's clock of the browser-mode host to start
 * at that instant and run on from there, so an end-to-end test can stand on a chosen day
 * (e.g. a due date that reaches next year's provisional holidays). For tests only: the
 * host refuses to start with it when NODE_ENV=production, the desktop app never reads it,
 * and the host says on its console that the clock is not the real one.
 */
export function testClockFromEnv(env: NodeJS.ProcessEnv = process.env): (() => Date) | undefined {
  const given = env.ONEWINDOW_TEST_NOW;
  if (given === undefined || given === '') return undefined;
  if (env.NODE_ENV === 'production') throw new Error('ONEWINDOW_TEST_NOW 只用于测试，NODE_ENV=production 时不能设置');
  const start = Date.parse(given);
  if (Number.isNaN(start)) throw new Error(`ONEWINDOW_TEST_NOW 不是有效的时间：${given}（应为 ISO 格式，如 2026-12-21T09:00:00+08:00）`);
  const offset = start - Date.now();
  return () => new Date(Date.now() + offset);
}
