/**
 * Main's client for the core process, over a stand-in port (the real port and serving
 * side: tests/integration/core-process.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { CoreExitedError, createCoreClient } from '../../electron/core-client';
import type { CoreLink } from '../../electron/core-protocol';

function fakePort(onPost: (message: any) => void = () => {}) {
  let listener: (message: unknown) => void = () => {};
  const link: CoreLink = {
    postMessage: (message) => onPost(message),
    on: (_event, l) => (listener = l),
  };
  return { link, deliver: (message: unknown) => listener(message) };
}

describe('the core client', () => {
  it('matches answers arriving in any order to their calls, and passes status events on', async () => {
    const sent: any[] = [];
    const port = fakePort((m) => sent.push(m));
    const client = createCoreClient(port.link);
    const statuses: unknown[] = [];
    client.onStatus((s) => statuses.push(s));
    const a = client.invoke('residents.get', { id: 1 }, 't', 'main');
    const b = client.invoke('residents.get', { id: 2 }, 't', 'print');
    expect(sent.map((m) => [m.name, m.caller])).toEqual([
      ['residents.get', 'main'],
      ['residents.get', 'print'],
    ]);
    port.deliver({ id: sent[1].id, ok: false, error: { code: 'FORBIDDEN', message: '拒绝' } });
    port.deliver({ event: 'status', status: { mode: 'ready' } });
    port.deliver({ id: sent[0].id, ok: true, value: { id: 1 } });
    expect(await a).toEqual({ ok: true, result: { id: 1 } });
    expect(await b).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '拒绝' } });
    expect(statuses).toEqual([{ mode: 'ready' }]);
    expect(client.pending).toBe(0);
  });

  it('carries the page’s request key to the core, and none when the page gave none', () => {
    const sent: any[] = [];
    const client = createCoreClient(fakePort((m) => sent.push(m)).link);
    void client.invoke('cases.intake', {}, 't', 'main', '0b6f1c1e-5d1a-4a57-9a57-2f1d0c3e4b5a');
    void client.invoke('residents.get', { id: 1 }, 't', 'main');
    expect(sent[0].requestKey).toBe('0b6f1c1e-5d1a-4a57-9a57-2f1d0c3e4b5a');
    expect('requestKey' in sent[1]).toBe(false);
  });

  it('a call the port cannot send fails at once and is not left waiting', async () => {
    const client = createCoreClient(
      fakePort(() => {
        throw new Error('could not be cloned');
      }).link,
    );
    await expect(client.invoke('x.y', {}, null, 'main')).rejects.toThrow('could not be cloned');
    expect(client.pending).toBe(0);
  });

  it('when the core process exits, waiting calls and later ones fail with CoreExitedError', async () => {
    const client = createCoreClient(fakePort().link);
    const waiting = client.invoke('audit.verify', {}, 't', 'main');
    client.exit(137);
    await expect(waiting).rejects.toBeInstanceOf(CoreExitedError);
    await expect(client.status()).rejects.toMatchObject({ exitCode: 137, code: 'CORE_EXITED' });
    expect(client.pending).toBe(0);
  });
});
