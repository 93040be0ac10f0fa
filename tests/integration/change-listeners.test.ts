import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../db/src/app';
import type { ChangeEvent } from '../../db/src/kernel/dispatch';
import { ADMIN, tempDir } from '../support/temp';

const open: App[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('change listeners', () => {
  it('one listener that throws does not keep the change from the others, nor fail the committed call', async () => {
    const errors: string[] = [];
    const app = createApp({ dataDir: tempDir(), log: { error: (m: string) => errors.push(m), warn: () => {}, info: () => {} } });
    open.push(app);
    app.changes.subscribe(() => {
      throw new Error('a broken stream');
    });
    const seen: ChangeEvent[] = [];
    app.changes.subscribe((event) => seen.push(event));
    expect((await app.dispatch('accounts.setup', ADMIN)).ok).toBe(true);
    expect(seen.map((e) => e.handler)).toEqual(['accounts.setup']);
    expect(errors.length).toBeGreaterThan(0);
  });
});
