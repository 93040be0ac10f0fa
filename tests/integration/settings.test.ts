import { describe, expect, it } from 'vitest';
import { err, errRaw, ok, testCore } from '../support/temp';

describe('settings', () => {
  it('reads the seeded centre and updates only the given keys', async () => {
    const core = testCore();
    const before = await ok(core, 'settings.get');
    expect(before.centreCode).toBe('310101001');
    const after = await ok(core, 'settings.update', { centreName: '虹桥街道社区事务受理服务中心' });
    expect(after.centreName).toBe('虹桥街道社区事务受理服务中心');
    expect(after.centreCode).toBe(before.centreCode);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const core = testCore();
    const e = await err(core, 'settings.update', { centreName: '新名称中心', centreCode: 'x' });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields?.map((f) => f.path)).toEqual(['centreCode']);
    expect(e.message).toMatch(/中心代码/);
    expect((await ok(core, 'settings.get')).centreName).toBe('示范街道社区事务受理服务中心');
  });

  it('does not let an administrator switch the demo banner on or off', async () => {
    const core = testCore();
    const e = await errRaw(core, 'settings.update', { demo: true });
    expect(e.code).toBe('VALIDATION');
    expect((await ok(core, 'settings.get')).demo).toBe(false);
  });
});
