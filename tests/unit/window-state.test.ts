import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, clampToWorkAreas, loadWindowState, parseWindowState, saveWindowState, windowStatePath, type Rect } from '../../electron/window-state';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
// A second monitor to the right, smaller, with its taskbar on top.
const side: Rect = { x: 1920, y: 40, width: 1280, height: 984 };

describe('window position between runs', () => {
  it('opens centred at the default size the first time', () => {
    const r = clampToWorkAreas(null, [laptop], laptop);
    expect(r).toEqual({ x: (1920 - DEFAULT_SIZE.width) / 2, y: (1040 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE });
  });

  it('keeps a rectangle that fits where it was', () => {
    const saved = { x: 100, y: 50, width: 1300, height: 900 };
    expect(clampToWorkAreas(saved, [laptop, side], laptop)).toEqual(saved);
    const onSide = { x: 2000, y: 60, width: 1100, height: 800 };
    expect(clampToWorkAreas(onSide, [laptop, side], laptop)).toEqual(onSide);
  });

  it('brings a window back from a monitor that was unplugged', () => {
    const r = clampToWorkAreas({ x: 2100, y: 100, width: 1200, height: 800 }, [laptop], laptop);
    expect(r).toEqual({ x: 360, y: 120, width: 1200, height: 800 });
  });

  it('shrinks and moves a window into a smaller work area, never under the taskbar', () => {
    const r = clampToWorkAreas({ x: 1800, y: 0, width: 1600, height: 1200 }, [laptop, side], laptop);
    // Mostly on the side monitor: fitted inside it.
    expect(r).toEqual({ x: 1920, y: 40, width: 1280, height: 984 });
  });

  it('does not keep a window whose title bar is only a sliver on screen', () => {
    const r = clampToWorkAreas({ x: 1900, y: 500, width: 1200, height: 800 }, [laptop], laptop);
    // 20 px visible: treated as off screen and centred.
    expect(r.x).toBe(360);
    const partly = clampToWorkAreas({ x: -300, y: -20, width: 1200, height: 800 }, [laptop], laptop);
    expect(partly).toEqual({ x: 0, y: 0, width: 1200, height: 800 });
  });

  it('grows a saved window that is smaller than the minimum, when the screen allows', () => {
    const r = clampToWorkAreas({ x: 10, y: 10, width: 400, height: 300 }, [laptop], laptop);
    expect(r).toEqual({ x: 10, y: 10, width: MIN_SIZE.width, height: MIN_SIZE.height });
    const tiny: Rect = { x: 0, y: 0, width: 1000, height: 600 };
    expect(clampToWorkAreas({ x: 0, y: 0, width: 1200, height: 800 }, [tiny], tiny)).toEqual(tiny);
  });

  it('reads only well-formed state', () => {
    expect(parseWindowState({ bounds: { x: 1.4, y: 2, width: 1000, height: 700 }, maximized: true })).toEqual({
      bounds: { x: 1, y: 2, width: 1000, height: 700 },
      maximized: true,
    });
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: -5, height: 700 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 'a', y: 0, width: 5, height: 7 } })).toBeNull();
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState([])).toBeNull();
  });
});

describe('window state file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'onewindow-ws-'));
    dirs.push(d);
    return d;
  };

  it('round-trips through a JSON file and survives a damaged one', () => {
    const d = dir();
    expect(loadWindowState(d)).toBeNull();
    saveWindowState(d, { bounds: { x: 5, y: 6, width: 1100, height: 750 }, maximized: false });
    expect(loadWindowState(d)).toEqual({ bounds: { x: 5, y: 6, width: 1100, height: 750 }, maximized: false });
    expect(JSON.parse(readFileSync(windowStatePath(d), 'utf8')).bounds.width).toBe(1100);
    writeFileSync(windowStatePath(d), '{"bounds": {"x"');
    expect(loadWindowState(d)).toBeNull();
  });
});
