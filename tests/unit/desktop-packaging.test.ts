/**
 * What can be checked of packaging without building an installer (which needs the
 * Electron download): the electron-builder configuration against electron-builder's own
 * schema, the settings the desktop build depends on, the icons, and the afterPack hook
 * flipping fuses in a stand-in executable carrying Electron's fuse wire.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
const configPath = join(root, 'build', 'electron-builder.yml');
const config = yaml.load(readFileSync(configPath, 'utf8')) as Record<string, any>;
const afterPack = require(join(root, 'build', 'after-pack.cjs')) as {
  (context: unknown): Promise<void>;
  executablePath(context: unknown): string;
  fuseSettings(platform: string): Record<string, boolean>;
};

const work = mkdtempSync(join(tmpdir(), 'onewindow-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder configuration', () => {
  it('is valid for the installed electron-builder', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsisx: {} }, new DebugLogger(false))).rejects.toThrow(/unknown property/);
  });

  it('builds 一窗受理 for Windows (NSIS x64) and Linux (AppImage, deb)', () => {
    expect(config.productName).toBe('一窗受理');
    expect(config.appId).toBe('cn.gov.shanghai.onewindow');
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('packs the bundles, the UI and the migrations, and unpacks the native module', () => {
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**', 'dist/renderer/**', 'db/migrations/**']));
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node']);
    expect(config.npmRebuild).toBe(false);
    expect(config.afterPack).toBe('build/after-pack.cjs');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(config.electronVersion).toBe(require('electron/package.json').version);
  });

  it('has icons: a 256 px PNG, a 512 px PNG and a Windows ICO with a 256 px image', () => {
    const pngSize = (file: string) => {
      const b = readFileSync(join(root, 'build', 'icons', file));
      expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    expect(pngSize('256x256.png')).toEqual([256, 256]);
    expect(pngSize('512x512.png')).toEqual([512, 512]);
    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toContain(256);
  });
});

describe('afterPack: Electron fuses', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  // Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on.
  const DEFAULT_WIRE = '10110001';

  function fakeExecutable(path: string) {
    writeFileSync(path, Buffer.concat([Buffer.alloc(64, 0xaa), Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, 8]), Buffer.from(DEFAULT_WIRE, 'latin1'), Buffer.alloc(64, 0xbb)]));
  }
  function wire(path: string) {
    const b = readFileSync(path);
    const at = b.indexOf(SENTINEL) + SENTINEL.length + 2;
    return b.subarray(at, at + 8).toString('latin1');
  }
  const context = (platform: string) => ({
    electronPlatformName: platform,
    appOutDir: work,
    arch: 1,
    packager: { executableName: 'onewindow', appInfo: { productFilename: '一窗受理' } },
  });

  it('finds the packed executable', () => {
    expect(afterPack.executablePath(context('win32'))).toBe(join(work, '一窗受理.exe'));
    expect(afterPack.executablePath(context('linux'))).toBe(join(work, 'onewindow'));
  });

  it('turns RunAsNode, NODE_OPTIONS and --inspect off, cookie encryption, asar-only and asar integrity on (Windows)', async () => {
    const exe = join(work, '一窗受理.exe');
    fakeExecutable(exe);
    await afterPack(context('win32'));
    // RunAsNode, Cookie, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot (untouched), FileProtocol (untouched)
    expect(wire(exe)).toBe('01001101');
  });

  it('leaves asar integrity validation off on Linux, where Electron does not support it', async () => {
    const exe = join(work, 'onewindow');
    fakeExecutable(exe);
    await afterPack(context('linux'));
    expect(wire(exe)).toBe('01000101');
    expect(afterPack.fuseSettings('linux')).toMatchObject({ RunAsNode: false, OnlyLoadAppFromAsar: true, EnableEmbeddedAsarIntegrityValidation: false });
  });

  it('adds the dist script without changing the others', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder --config build/electron-builder.yml');
    expect(pkg.scripts.build).toBe('npm run build:renderer && npm run build:electron');
  });
});
