/**
 * The main window's size and position between runs. The clamping is pure so it can be
 * tested without displays: a rectangle saved on a monitor that has since been unplugged,
 * or at a resolution since lowered, must still come back fully visible.
 */
import { join } from 'node:path';
import { readJsonFile, writeJsonFileAtomic } from './json-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
/** Below this the intake screen's two columns no longer fit. */
export const MIN_SIZE = { width: 1024, height: 680 } as const;
/** How much of a saved window must overlap a display for it to count as being on it. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

export function windowStatePath(userDataDir: string): string {
  return join(userDataDir, WINDOW_STATE_FILE);
}

const isFiniteInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A state read from disk, or null when the file is not one of ours. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (!raw || typeof raw !== 'object') return null;
  const { bounds, maximized } = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  if (!bounds || typeof bounds !== 'object') return null;
  const { x, y, width, height } = bounds;
  if (![x, y, width, height].every(isFiniteInt) || width! <= 0 || height! <= 0) return null;
  return {
    bounds: { x: Math.round(x!), y: Math.round(y!), width: Math.round(width!), height: Math.round(height!) },
    maximized: maximized === true,
  };
}

function overlapArea(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centredIn(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: area.x + Math.floor((area.width - w) / 2), y: area.y + Math.floor((area.height - h) / 2), width: w, height: h };
}

/**
 * Where to open the window: the saved rectangle moved and shrunk into the work area it
 * overlaps most, or centred on the primary display when it is (nearly) off every display.
 * Work areas exclude the taskbar, so the title bar can always be grabbed.
 */
export function clampToWorkAreas(saved: Rect | null, workAreas: readonly Rect[], primary: Rect): Rect {
  const areas = workAreas.length > 0 ? workAreas : [primary];
  if (!saved) return centredIn(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height);

  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of areas) {
    const o = overlapArea(saved, area);
    if (o.width >= Math.min(MIN_VISIBLE.width, saved.width) && o.height >= Math.min(MIN_VISIBLE.height, saved.height) && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return centredIn(primary, saved.width, saved.height);

  const width = Math.min(Math.max(saved.width, Math.min(MIN_SIZE.width, best.width)), best.width);
  const height = Math.min(Math.max(saved.height, Math.min(MIN_SIZE.height, best.height)), best.height);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}

export function loadWindowState(userDataDir: string): WindowState | null {
  return parseWindowState(readJsonFile(windowStatePath(userDataDir)));
}

export function saveWindowState(userDataDir: string, state: WindowState): void {
  writeJsonFileAtomic(windowStatePath(userDataDir), state);
}
