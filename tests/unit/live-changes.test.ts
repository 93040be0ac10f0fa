import { describe, expect, it, vi } from 'vitest';
import { casesIn, createCoalescer, EVERYTHING, keysForChange, keysForChanges, matchesKey, type ChangeEvent, type QueryKey } from '../../renderer/src/api/changes';
import { createLink, retryDelay } from '../../renderer/src/api/connection';
import { isOwnWrite, OWN_EVENT_AFTER_MS, trackWrite } from '../../renderer/src/api/own-writes';

const event = (handler: string, ...records: [string, string | null][]): ChangeEvent => ({
  handler,
  at: '2026-12-07T09:00:00.000Z',
  records: records.map(([type, id]) => ({ type, id })),
});

/** The screens' cached reads, keyed as query.ts keys them (handler name, then input). */
const SHOWN: QueryKey[] = [
  ['cases.get', { id: 5 }],
  ['cases.get', { id: 6 }],
  ['cases.list', { residentId: 3, limit: 20 }],
  ['cases.list', { status: 'open', limit: 20, cursor: 'abc' }],
  ['cases.worklist', { person: 'me', limit: 50, group: 'dueSoon' }],
  ['cases.precheck', { residentId: 3, itemCode: 'MZ-DB' }],
  ['residents.get', { id: 3 }],
  ['residents.get', { id: 4 }],
  ['residents.search', { q: '王', limit: 20 }],
  ['households.get', { id: 9 }],
  ['beneficiaries.list', { residentId: 3, limit: 50 }],
  ['catalogue.list', {}],
  ['catalogue.get', { code: 'MZ-DB' }],
  ['catalogue.get', { code: 'LL-GJ' }],
  ['settings.get', {}],
  ['accounts.list', {}],
  ['exports.history', { limit: 20 }],
  ['calendar.list', { year: 2026 }],
  ['system.info', {}],
];

/** Which of SHOWN the events invalidate, by the predicate live.ts gives the query cache. */
async function invalidatedBy(...events: ChangeEvent[]): Promise<string[]> {
  const keys = keysForChanges(events);
  return SHOWN.filter((shown) => keys === EVERYTHING || keys.some((k) => matchesKey(k, shown)))
    .map((k) => JSON.stringify(k))
    .sort();
}
const names = (keys: string[]) => keys.map((k) => JSON.parse(k) as QueryKey).map((k) => `${String(k[0])}${k[1] && (k[1] as { id?: number }).id ? `#${(k[1] as { id: number }).id}` : ''}`);

describe('a change event invalidates the reads it touches, and only those', () => {
  it('an intake at another window: the lists, the worklist and the duplicate check, not other cases', async () => {
    expect(names(await invalidatedBy(event('cases.intake', ['case', '7'])))).toEqual(['cases.list', 'cases.list', 'cases.precheck', 'cases.worklist']);
  });

  it('an intake, a transition or a benefit change refreshes the 中心概览; a resident’s edit does not', () => {
    const overview: QueryKey = ['overview.get', {}];
    const refreshes = (e: ChangeEvent) => {
      const keys = keysForChange(e);
      return keys === EVERYTHING || keys.some((k) => matchesKey(k, overview));
    };
    expect(refreshes(event('cases.intake', ['case', '7']))).toBe(true);
    expect(refreshes(event('cases.rate', ['case', '7']))).toBe(true);
    expect(refreshes(event('beneficiaries.confirmChange', ['beneficiary', '2']))).toBe(true);
    expect(refreshes(event('residents.update', ['resident', '3']))).toBe(false);
  });

  it('a transition of case 5: that case page and the lists, never case 6', async () => {
    const hit = names(await invalidatedBy(event('cases.transition', ['case', '5'])));
    expect(hit).toContain('cases.get#5');
    expect(hit).not.toContain('cases.get#6');
    expect(hit).toContain('cases.worklist');
    expect(hit.some((k) => k.startsWith('residents') || k.startsWith('settings'))).toBe(false);
  });

  it('an approval that starts a benefit: the benefit lists and the case pages (which show the benefit)', async () => {
    const hit = names(await invalidatedBy(event('cases.transition', ['case', '5'], ['beneficiary', '2'])));
    expect(hit).toEqual(['beneficiaries.list', 'cases.get#5', 'cases.get#6', 'cases.list', 'cases.list', 'cases.precheck', 'cases.worklist']);
  });

  it('a resident updated: that profile, the searches, the households, the duplicate check', async () => {
    expect(names(await invalidatedBy(event('residents.update', ['resident', '3'])))).toEqual(['cases.precheck', 'households.get#9', 'residents.get#3', 'residents.search']);
  });

  it('a household changed: that household and the profiles that show it', async () => {
    expect(names(await invalidatedBy(event('households.addMember', ['household', '9'])))).toEqual(['cases.precheck', 'households.get#9', 'residents.get#3', 'residents.get#4']);
  });

  it('a catalogue item saved: its definition by code and the list, not another item', async () => {
    const hit = await invalidatedBy(event('catalogue.save', ['catalogue_item', 'MZ-DB']));
    expect(hit).toEqual(['["cases.precheck",{"residentId":3,"itemCode":"MZ-DB"}]', '["catalogue.get",{"code":"MZ-DB"}]', '["catalogue.list",{}]'].sort());
  });

  it('settings, accounts, exports and the calendar each refresh their own screens', async () => {
    expect(names(await invalidatedBy(event('settings.update', ['settings', null])))).toEqual(['exports.history', 'settings.get']);
    expect(names(await invalidatedBy(event('accounts.create', ['user', '12'])))).toEqual(['accounts.list']);
    expect(names(await invalidatedBy(event('exports.run', ['export_run', '4'])))).toEqual(['exports.history']);
    expect(names(await invalidatedBy(event('calendar.setDay', ['calendar_day', '2026-12-08'])))).toEqual(['calendar.list', 'cases.get#5', 'cases.get#6', 'cases.list', 'cases.list', 'cases.worklist']);
  });

  it('writes that change nothing shown (revealing a value, signing in) invalidate nothing', async () => {
    expect(keysForChange(event('residents.reveal', ['resident', '3']))).toEqual([]);
    expect(keysForChange(event('accounts.login', ['user', '1']))).toEqual([]);
    expect(await invalidatedBy(event('accounts.logout', ['user', '1']))).toEqual([]);
  });

  it('a restore replaces the database: everything is read again', async () => {
    expect(keysForChange(event('backups.restore', ['backup', 'x']))).toBe(EVERYTHING);
    expect((await invalidatedBy(event('cases.intake', ['case', '1']), event('recovery.restore'))).length).toBe(SHOWN.length);
  });

  it('a record type it does not know: every read of the handler’s feature', async () => {
    expect(keysForChange(event('devices.revoke', ['gadget', '1']))).toEqual([['devices.']]);
    expect(names(await invalidatedBy(event('households.create')))).toEqual(['households.get#9']);
  });

  it('a burst is one invalidation of the union, without repeats', () => {
    const keys = keysForChanges([event('cases.transition', ['case', '5']), event('cases.transition', ['case', '5']), event('cases.intake', ['case', '8'])]);
    expect(keys).not.toBe(EVERYTHING);
    const texts = (keys as QueryKey[]).map((k) => JSON.stringify(k));
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.filter((t) => t.startsWith('["cases.list"'))).toHaveLength(1);
    // an event about every case page covers the one about case 5
    const covered = keysForChanges([event('cases.transition', ['case', '5']), event('calendar.setDay', ['calendar_day', '2026-12-08'])]) as QueryKey[];
    expect(covered.map((k) => JSON.stringify(k))).not.toContain('["cases.get",{"id":5}]');
  });

  it('names the cases a change is about (for the notice on an open case page)', () => {
    expect(casesIn(event('cases.transition', ['case', '5'], ['beneficiary', '2'], ['case', 'x']))).toEqual([5]);
  });
});

describe('events of a burst are handed over together', () => {
  it('flushes once after a quiet spell, and a steady trickle still flushes', () => {
    vi.useFakeTimers();
    try {
      const batches: number[][] = [];
      const c = createCoalescer<number>((items) => batches.push(items), 150);
      let now = 0;
      c.push(1, now);
      vi.advanceTimersByTime(100);
      now += 100;
      c.push(2, now);
      vi.advanceTimersByTime(149);
      expect(batches).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(batches).toEqual([[1, 2]]);
      // one event every 100 ms: handed over no later than four delays after the first
      for (let i = 0; i < 10; i++) {
        c.push(10 + i, (now += 100));
        vi.advanceTimersByTime(100);
      }
      // the first six waited at most 450 ms + one tick, never until the trickle stopped
      expect(batches).toEqual([[1, 2], [10, 11, 12, 13, 14, 15]]);
      vi.advanceTimersByTime(150);
      expect(batches).toEqual([[1, 2], [10, 11, 12, 13, 14, 15], [16, 17, 18, 19]]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the link: banner state, stale data and retries', () => {
  it('backs off doubling from half a second to at most ten', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(retryDelay)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('is down while any part fails, tells once when it is back, and stays stale until the screens have read again', async () => {
    const link = createLink();
    const reconnects: number[] = [];
    link.onReconnect(() => reconnects.push(1));
    expect(link.snapshot()).toEqual({ online: true, stale: false });
    link.failed('calls');
    link.failed('events');
    expect(link.snapshot()).toEqual({ online: false, stale: true });
    link.ok('calls');
    expect(link.snapshot().online).toBe(false);
    expect(reconnects).toEqual([]);
    link.ok('events');
    expect(reconnects).toEqual([1]);
    let reread!: () => void;
    link.resyncing(new Promise<void>((r) => (reread = r)));
    expect(link.snapshot()).toEqual({ online: true, stale: true });
    reread();
    await new Promise((r) => setTimeout(r, 0));
    expect(link.snapshot()).toEqual({ online: true, stale: false });
  });

  it('a call waiting to retry is woken as soon as the link is reported back', async () => {
    vi.useFakeTimers();
    try {
      const link = createLink();
      link.failed('events');
      let woke = false;
      void link.waitToRetry(5).then(() => (woke = true));
      await vi.advanceTimersByTimeAsync(1000);
      expect(woke).toBe(false);
      link.ok('events');
      await vi.advanceTimersByTimeAsync(0);
      expect(woke).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a change event of this window’s own write is not news from elsewhere', () => {
  it('is own while the write is in flight and moments after its answer, not later', async () => {
    let now = 1_000;
    let answer!: () => void;
    const write = trackWrite('cases.transition', () => new Promise<void>((r) => (answer = r)), () => now);
    expect(isOwnWrite('cases.transition', now)).toBe(true);
    expect(isOwnWrite('cases.intake', now)).toBe(false);
    now = 60_000;
    // however long the call takes (retried while the link is down), it is still in flight
    expect(isOwnWrite('cases.transition', now)).toBe(true);
    answer();
    await write;
    expect(isOwnWrite('cases.transition', now + OWN_EVENT_AFTER_MS)).toBe(true);
    expect(isOwnWrite('cases.transition', now + OWN_EVENT_AFTER_MS + 1)).toBe(false);
  });
});
