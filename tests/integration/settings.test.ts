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

describe('settings: the 低保标准 from a date', () => {
  it('starts from the labelled example, keeps the list sorted by date, and audits a change', async () => {
    const core = testCore();
    expect((await ok(core, 'settings.get')).dibaoStandards).toEqual([{ from: '2025-04-01', amount: 1550 }]);
    const after = await ok(core, 'settings.update', {
      dibaoStandards: [
        { from: '2026-07-01', amount: 1600 },
        { from: '2025-04-01', amount: 1550 },
      ],
    });
    expect(after.dibaoStandards).toEqual([
      { from: '2025-04-01', amount: 1550 },
      { from: '2026-07-01', amount: 1600 },
    ]);
    const audit = core.db.prepare("SELECT before, after FROM audit_log WHERE handler = 'settings.update' ORDER BY id DESC LIMIT 1").get() as { before: string; after: string };
    expect(JSON.parse(audit.before)).toEqual({ dibaoStandards: [{ from: '2025-04-01', amount: 1550 }] });
    expect(JSON.parse(audit.after).dibaoStandards).toHaveLength(2);
  });

  it('refuses a bad standard with its path and a message in Chinese, and keeps the one in force', async () => {
    const core = testCore();
    const bad: [unknown, string, RegExp][] = [
      [[{ from: '2026-02-30', amount: 1600 }], 'dibaoStandards.0.from', /不是有效的日期/],
      [[{ from: '2026/07/01', amount: 1600 }], 'dibaoStandards.0.from', /YYYY-MM-DD/],
      [[{ from: '2026-07-01', amount: 0 }], 'dibaoStandards.0.amount', /应大于 0 元/],
      [[{ from: '2026-07-01', amount: -5 }], 'dibaoStandards.0.amount', /应大于 0 元/],
      [[{ from: '2026-07-01', amount: 1600.005 }], 'dibaoStandards.0.amount', /两位小数/],
      [[{ from: '2026-07-01', amount: '1600' }], 'dibaoStandards.0.amount', /应为数字/],
      [[{ from: '2026-07-01', amount: 1600 }, { from: '2026-07-01', amount: 1650 }], 'dibaoStandards.1.from', /2026-07-01 的低保标准重复/],
      [[{ from: '2026-07-01' }], 'dibaoStandards.0.amount', /.+/],
      [[{ from: '2026-07-01', amount: 1600, note: 'x' }], 'dibaoStandards.0', /.+/],
    ];
    for (const [list, path, message] of bad) {
      const e = await errRaw(core, 'settings.update', { dibaoStandards: list });
      expect(e.code, JSON.stringify(list)).toBe('VALIDATION');
      expect(e.fields?.map((f) => f.path), JSON.stringify(list)).toEqual([path]);
      expect(e.fields?.[0]?.message, JSON.stringify(list)).toMatch(message);
    }
    expect((await ok(core, 'settings.get')).dibaoStandards).toEqual([{ from: '2025-04-01', amount: 1550 }]);
  });
});
