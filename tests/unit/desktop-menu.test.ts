import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, menuRoles } from '../../electron/menu';

const calls: string[] = [];
const actions = {
  openDataFolder: () => calls.push('data'),
  openBackupsFolder: () => calls.push('backups'),
  showAbout: () => calls.push('about'),
};

describe('application menu', () => {
  it('has the five Chinese menus in order', () => {
    const t = buildMenuTemplate({ development: false, platform: 'win32', actions });
    expect(t.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
  });

  it('has no developer tools and no reload in an installed copy', () => {
    const roles = menuRoles(buildMenuTemplate({ development: false, platform: 'win32', actions }));
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).toEqual(expect.arrayContaining(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'minimize', 'close']));
  });

  it('offers developer tools when run from the sources', () => {
    expect(menuRoles(buildMenuTemplate({ development: true, platform: 'linux', actions }))).toContain('toggleDevTools');
  });

  it('labels every item in Chinese', () => {
    const labels: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) =>
      items.forEach((i) => {
        if (i.type !== 'separator') labels.push(i.label ?? '');
        if (Array.isArray(i.submenu)) walk(i.submenu);
      });
    walk(buildMenuTemplate({ development: true, platform: 'win32', actions }));
    for (const label of labels) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });

  it('wires the file menu items to the host actions', () => {
    const file = buildMenuTemplate({ development: false, platform: 'linux', actions })[0]!;
    const items = file.submenu as MenuItemConstructorOptions[];
    calls.length = 0;
    for (const item of items) (item.click as (() => void) | undefined)?.();
    expect(calls).toEqual(['data', 'backups']);
  });

  it('puts the application menu first on macOS', () => {
    const t = buildMenuTemplate({ development: false, platform: 'darwin', actions });
    expect(t[0]!.role).toBe('appMenu');
    expect(t.slice(1).map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
  });
});
