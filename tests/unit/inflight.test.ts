import { describe, expect, it } from 'vitest';
import { ShuttingDownError, createInflight, createQuitGate, type Timers } from '../../electron/inflight';

/** Timers fired by hand, so "the limit passed" is a step of the test, not a wait. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return { timers, fireAll: () => [...pending.entries()].forEach(([id, fn]) => (pending.delete(id), fn())), get count() { return pending.size; } };
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('in-flight work at quit', () => {
  it('counts running work and drains to idle when it finishes', async () => {
    const t = manualTimers();
    const inflight = createInflight(t.timers);
    const save = deferred<string>();
    const running = inflight.track(() => save.promise);
    expect(inflight.pending).toBe(1);
    const drained = inflight.drain(10_000);
    save.resolve('saved');
    await expect(running).resolves.toBe('saved');
    await expect(drained).resolves.toBe('idle');
    expect(inflight.pending).toBe(0);
    expect(t.count).toBe(0);
  });

  it('counts work that fails, too', async () => {
    const inflight = createInflight();
    await expect(inflight.track(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(inflight.pending).toBe(0);
    await expect(inflight.drain(1)).resolves.toBe('idle');
  });

  it('gives up waiting at the limit', async () => {
    const t = manualTimers();
    const inflight = createInflight(t.timers);
    void inflight.track(() => new Promise(() => {}));
    const drained = inflight.drain(10_000);
    t.fireAll();
    await expect(drained).resolves.toBe('timeout');
  });

  it('refuses new work once quitting has begun', async () => {
    const inflight = createInflight();
    await inflight.drain(1);
    await expect(inflight.track(async () => 1)).rejects.toBeInstanceOf(ShuttingDownError);
  });

  it('defers the first quit until the core is closed, then lets the next quit through', async () => {
    const t = manualTimers();
    const inflight = createInflight(t.timers);
    const events: string[] = [];
    const gate = createQuitGate({
      inflight,
      timeoutMs: 10_000,
      onDrainStart: () => events.push('scheduler stopped'),
      close: (result) => events.push(`closed after ${result}`),
    });
    const write = deferred();
    const running = inflight.track(() => write.promise.then(() => events.push('write done')));
    expect(gate.request()).toBe('defer');
    expect(gate.request()).toBe('defer');
    expect(gate.state).toBe('draining');
    write.resolve();
    await running;
    await expect(gate.whenClosed).resolves.toBe('idle');
    expect(events).toEqual(['scheduler stopped', 'write done', 'closed after idle']);
    expect(gate.request()).toBe('allow');
  });

  it('waits for a close that takes a while (the core process closing) before letting the quit through', async () => {
    const inflight = createInflight(manualTimers().timers);
    const closing = deferred();
    const gate = createQuitGate({ inflight, timeoutMs: 10_000, close: () => closing.promise });
    expect(gate.request()).toBe('defer');
    let settled = false;
    void gate.whenClosed!.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(gate.state).toBe('draining');
    expect(gate.request()).toBe('defer');
    expect(settled).toBe(false);
    closing.resolve();
    await expect(gate.whenClosed).resolves.toBe('idle');
    expect(gate.request()).toBe('allow');
  });
});
