import { describe, expect, it } from 'vitest';
import { testClockFromEnv } from '../../electron/test-clock';

describe('ONEWINDOW_TEST_NOW (the browser-mode host clock for end-to-end tests)', () => {
  it('is absent unless set, and starts the clock at the given instant', () => {
    expect(testClockFromEnv({})).toBeUndefined();
    expect(testClockFromEnv({ ONEWINDOW_TEST_NOW: '' })).toBeUndefined();
    const now = testClockFromEnv({ ONEWINDOW_TEST_NOW: '2026-12-21T09:00:00+08:00' })!;
    const t = now().getTime();
    expect(t).toBeGreaterThanOrEqual(Date.parse('2026-12-21T01:00:00Z'));
    // it runs on with real time (a day is far more than any test takes)
    expect(t).toBeLessThan(Date.parse('2026-12-22T01:00:00Z'));
  });

  it('is refused in production and when the time is not a time', () => {
    expect(() => testClockFromEnv({ ONEWINDOW_TEST_NOW: '2026-12-21T09:00:00+08:00', NODE_ENV: 'production' })).toThrow(/只用于测试/);
    expect(() => testClockFromEnv({ ONEWINDOW_TEST_NOW: '下周一' })).toThrow(/不是有效的时间/);
  });
});
