import { describe, expect, it } from 'vitest';
import {
  INVOKE_CHANNEL,
  PRINTERS_CHANNEL,
  PRINT_CHANNEL,
  STARTUP_CHANNEL,
  channelAllowed,
  permissionAllowed,
  printWindowMayInvoke,
  PRINT_WINDOW_REMOTE_HANDLERS,
  RATE_WINDOW_HANDLERS,
  requestKeyOf,
  RUN_MODE_CHOOSE_CHANNEL,
  RUN_MODE_GET_CHANNEL,
  senderRole,
  type KnownWindows,
} from '../../electron/security';

const windows: KnownWindows = { mainId: 1, printIds: new Set([7, 8]), startupId: null };
const page = 'app://onewindow/intake';

describe('which IPC senders are ours', () => {
  it.each([
    [{ webContentsId: 1, frameUrl: page, isMainFrame: true }, 'main'],
    [{ webContentsId: 7, frameUrl: 'app://onewindow/print/receipt/3', isMainFrame: true }, 'print'],
    // our window, but a frame inside it
    [{ webContentsId: 1, frameUrl: page, isMainFrame: false }, null],
    // our window after navigating away, or with its frame gone
    [{ webContentsId: 1, frameUrl: 'https://evil.example/', isMainFrame: true }, null],
    [{ webContentsId: 1, frameUrl: undefined, isMainFrame: true }, null],
    [{ webContentsId: 1, frameUrl: 'app://other/index.html', isMainFrame: true }, null],
    // a window we did not open (devtools, a leftover print window)
    [{ webContentsId: 3, frameUrl: page, isMainFrame: true }, null],
    [{ webContentsId: 9, frameUrl: 'app://onewindow/print/receipt/3', isMainFrame: true }, null],
  ])('%o → %s', (facts, expected) => {
    expect(senderRole(facts, windows)).toBe(expected);
  });

  it('knows the start-up error window only while it shows its own page', () => {
    const w: KnownWindows = { mainId: null, printIds: new Set(), startupId: 4 };
    expect(senderRole({ webContentsId: 4, frameUrl: 'data:text/html;charset=utf-8,%3C!doctype', isMainFrame: true }, w)).toBe('startup');
    expect(senderRole({ webContentsId: 4, frameUrl: 'app://onewindow/index.html', isMainFrame: true }, w)).toBeNull();
    expect(senderRole({ webContentsId: 5, frameUrl: 'data:text/html,x', isMainFrame: true }, w)).toBeNull();
  });

  it('knows the rating window on the second display while it shows our page, and lets it call the rating handlers only', () => {
    const w: KnownWindows = { ...windows, rateId: 6 };
    expect(senderRole({ webContentsId: 6, frameUrl: 'app://onewindow/rate?window=1', isMainFrame: true }, w)).toBe('rate');
    expect(senderRole({ webContentsId: 6, frameUrl: 'https://evil.example/', isMainFrame: true }, w)).toBeNull();
    expect(senderRole({ webContentsId: 6, frameUrl: 'app://onewindow/rate', isMainFrame: true }, windows)).toBeNull();
    expect(channelAllowed(INVOKE_CHANNEL, 'rate')).toBe(true);
    expect(channelAllowed(PRINT_CHANNEL, 'rate')).toBe(false);
    expect([...RATE_WINDOW_HANDLERS].sort()).toEqual(['cases.rate', 'cases.ratingOffer']);
  });
});

describe('which channels each window may use', () => {
  it.each([
    [INVOKE_CHANNEL, 'main', true],
    [INVOKE_CHANNEL, 'print', true],
    [INVOKE_CHANNEL, 'startup', false],
    [PRINT_CHANNEL, 'main', true],
    // a document being printed cannot start more print jobs
    [PRINT_CHANNEL, 'print', false],
    [PRINTERS_CHANNEL, 'main', true],
    [PRINTERS_CHANNEL, 'print', false],
    [STARTUP_CHANNEL, 'startup', true],
    [STARTUP_CHANNEL, 'main', false],
    [INVOKE_CHANNEL, null, false],
    ['onewindow:other', 'main', false],
  ] as const)('%s from %s → %s', (channel, role, expected) => {
    expect(channelAllowed(channel, role)).toBe(expected);
  });

  it('lets print windows call read handlers only', () => {
    expect(printWindowMayInvoke('read')).toBe(true);
    expect(printWindowMayInvoke('write')).toBe(false);
    expect(printWindowMayInvoke('task')).toBe(false);
    expect(printWindowMayInvoke(undefined)).toBe(false);
  });
});

describe('permission requests', () => {
  it.each([
    ['clipboard-sanitized-write', page, true, true],
    ['clipboard-sanitized-write', page, false, false],
    ['clipboard-sanitized-write', 'https://example.org/', true, false],
    ['clipboard-read', page, true, false],
    ['media', page, true, false],
    ['geolocation', page, true, false],
    ['notifications', page, true, false],
    ['fullscreen', page, true, false],
    ['openExternal', page, true, false],
    ['hid', page, true, false],
    ['clipboard-sanitized-write', undefined, true, false],
  ] as const)('%s from %s (main frame %s) → %s', (permission, url, isMainFrame, expected) => {
    expect(permissionAllowed(permission, url, isMainFrame)).toBe(expected);
  });
});

describe('the request key a page sends with a call', () => {
  it('passes a UUID through and drops anything else', () => {
    expect(requestKeyOf('0b6f1c1e-5d1a-4a57-9a57-2f1d0c3e4b5a')).toBe('0b6f1c1e-5d1a-4a57-9a57-2f1d0c3e4b5a');
    expect(requestKeyOf(undefined)).toBeUndefined();
    expect(requestKeyOf(42)).toBeUndefined();
    expect(requestKeyOf('short')).toBeUndefined();
    expect(requestKeyOf('x'.repeat(101))).toBeUndefined();
    expect(requestKeyOf('key with spaces')).toBeUndefined();
  });
});

describe('print windows of a client computer', () => {
  it('may call exactly what the document pages read', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../renderer/src/features/documents', import.meta.url).pathname;
    const names = new Set<string>();
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f)) for (const m of readFileSync(p, 'utf8').matchAll(/useApi(?:Query|Mutation)\(\s*'([\w.]+)'/g)) names.add(m[1]!);
      }
    };
    walk(root);
    expect([...names].sort()).toEqual([...PRINT_WINDOW_REMOTE_HANDLERS].sort());
  });

  it('the run-mode channels are the main window’s only', () => {
    for (const channel of [RUN_MODE_GET_CHANNEL, RUN_MODE_CHOOSE_CHANNEL]) {
      expect(channelAllowed(channel, 'main')).toBe(true);
      expect(channelAllowed(channel, 'print')).toBe(false);
      expect(channelAllowed(channel, 'startup')).toBe(false);
    }
  });
});
