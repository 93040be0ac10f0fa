/**
 * The Chinese application menu as a plain template, so what a clerk can reach (and that
 * developer tools are absent from an installed copy) is tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openDataFolder(): void;
  openBackupsFolder(): void;
  showAbout(): void;
}

export interface MenuOptions {
  /** true only when running from sources (not packaged): adds reload and developer tools */
  development: boolean;
  platform: NodeJS.Platform;
  actions: MenuActions;
}

export function buildMenuTemplate({ development, platform, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '文件',
    submenu: [
      { label: '打开数据文件夹', click: () => actions.openDataFolder() },
      { label: '打开备份文件夹', click: () => actions.openBackupsFolder() },
      { type: 'separator' },
      platform === 'darwin' ? { role: 'close', label: '关闭窗口' } : { role: 'quit', label: '退出', accelerator: 'Ctrl+Q' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '编辑',
    submenu: [
      { role: 'undo', label: '撤销' },
      { role: 'redo', label: '重做' },
      { type: 'separator' },
      { role: 'cut', label: '剪切' },
      { role: 'copy', label: '复制' },
      { role: 'paste', label: '粘贴' },
      { role: 'selectAll', label: '全选' },
    ],
  };
  // Reload is left out of an installed copy: it would drop a half-filled intake form.
  const view: MenuItemConstructorOptions = {
    label: '视图',
    submenu: [
      { role: 'resetZoom', label: '实际大小' },
      { role: 'zoomIn', label: '放大' },
      { role: 'zoomOut', label: '缩小' },
      { type: 'separator' },
      { role: 'togglefullscreen', label: '全屏' },
      ...(development
        ? ([
            { type: 'separator' },
            { role: 'reload', label: '重新加载（开发）' },
            { role: 'toggleDevTools', label: '开发者工具（开发）' },
          ] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: '窗口',
    submenu: [
      { role: 'minimize', label: '最小化' },
      ...(platform === 'darwin' ? ([{ role: 'zoom', label: '缩放' }] satisfies MenuItemConstructorOptions[]) : []),
      { role: 'close', label: '关闭窗口' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '帮助',
    submenu: [{ label: '关于一窗受理', click: () => actions.showAbout() }],
  };
  const menus = [file, edit, view, window, help];
  // macOS puts the application's own menu first whatever we do; give it the quit item.
  return platform === 'darwin' ? [{ role: 'appMenu', label: '一窗受理' }, ...menus] : menus;
}

/** Every role in a template, depth first, for checks such as "no developer tools". */
export function menuRoles(template: readonly MenuItemConstructorOptions[]): string[] {
  const out: string[] = [];
  for (const item of template) {
    if (item.role) out.push(item.role);
    if (Array.isArray(item.submenu)) out.push(...menuRoles(item.submenu));
  }
  return out;
}
