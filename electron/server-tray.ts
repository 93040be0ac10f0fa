/**
 * Electron glue of server mode: the tray icon that keeps the centre server running when
 * its window is closed, and brings the window back. Quitting from here stops the server
 * (and says so, since every window of the centre then loses its connection).
 */
import { dialog, Menu, nativeImage, Tray } from 'electron';

export function createServerTray(options: { iconPath: string; show(): void; quit(): void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  tray.setToolTip('一窗受理中心服务器（运行中）');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: '打开一窗受理', click: options.show },
      { type: 'separator' },
      {
        label: '停止中心服务器并退出',
        click: () => {
          void dialog
            .showMessageBox({ type: 'warning', title: '停止中心服务器', message: '停止后，各窗口和后台的电脑都将无法办理业务。确定停止？', buttons: ['停止并退出', '取消'], defaultId: 1, cancelId: 1 })
            .then(({ response }) => response === 0 && options.quit());
        },
      },
    ]),
  );
  tray.on('click', options.show);
  return tray;
}
