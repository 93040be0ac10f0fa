import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, resolveDataLocation } from '../../electron/paths';

describe('where the records live', () => {
  it('follows the platform application-data folder like Electron does', () => {
    expect(appDataDir('linux', {}, '/home/li')).toBe('/home/li/.config');
    expect(appDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/li')).toBe('/cfg');
    expect(appDataDir('win32', { APPDATA: 'C:\\Users\\li\\AppData\\Roaming' }, 'C:\\Users\\li')).toBe('C:\\Users\\li\\AppData\\Roaming');
    expect(appDataDir('darwin', {}, '/Users/li')).toBe('/Users/li/Library/Application Support');
  });

  it('defaults to the user data folder, never the program folder', () => {
    const loc = resolveDataLocation({ env: {}, platform: 'linux', home: '/home/li' });
    expect(loc.dbPath).toBe('/home/li/.config/OneWindow/onewindow.sqlite');
  });

  it('lets an option beat the environment, and the environment beat the default', () => {
    const env = { ONEWINDOW_DATA_DIR: '/data/env' };
    expect(resolveDataLocation({ env, platform: 'linux', home: '/h' }).dbPath).toBe('/data/env/onewindow.sqlite');
    expect(resolveDataLocation({ env, dataDirArg: '/data/arg', platform: 'linux', home: '/h' }).dbPath).toBe('/data/arg/onewindow.sqlite');
    expect(resolveDataLocation({ env, dbArg: 'x/y.sqlite' }).dbPath).toBe(resolve('x/y.sqlite'));
    expect(resolveDataLocation({ env, userDataDir: '/electron/userData' }).dbPath).toBe('/data/env/onewindow.sqlite');
    expect(resolveDataLocation({ env: {}, userDataDir: '/electron/userData' }).dbPath).toBe(join('/electron/userData', 'onewindow.sqlite'));
  });

  it('keeps demo data in a separate file', () => {
    const loc = resolveDataLocation({ env: {}, platform: 'linux', home: '/home/li', demo: true });
    expect(loc.dbPath).toBe('/home/li/.config/OneWindow/onewindow-demo.sqlite');
  });
});
