/**
 * The main process's side of the core process: numbers each request, matches the answers
 * to their requests (they come back in any order), and fails every call still waiting when
 * the core process has gone. Knows nothing of Electron (tests drive it over a worker_threads
 * port exactly as main does over a MessagePortMain).
 */
import type { ApiResponse, ChangeEvent } from '../db/src/kernel/dispatch';
import type { ApiErrorBody } from '../db/src/kernel/errors';
import type { Caller, CoreControl, CoreLink, CoreStatus, FromCore, ToCore } from './core-protocol';
import type { DesktopCentreInfo } from './server/desktop-centre';

/** The core process stopped (crashed, was killed, or was closed) before it answered. */
export class CoreExitedError extends Error {
  readonly code = 'CORE_EXITED';
  constructor(readonly exitCode: number | null) {
    super(`一窗受理的数据服务已停止${exitCode === null ? '' : `（退出代码 ${exitCode}）`}，此操作可能没有完成，请重新打开程序后核对`);
    this.name = 'CoreExitedError';
  }

  /** the same as an API error body, for a window that was waiting for an answer */
  toBody(): ApiErrorBody {
    return { code: 'INTERNAL', message: this.message, details: { coreExited: true, exitCode: this.exitCode } };
  }
}

/** A control call the core refused (a close that failed, a status it could not build). */
export class CoreCallError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'CoreCallError';
  }
}

type Waiting = { resolve: (reply: Extract<FromCore, { id: number }>) => void; reject: (err: Error) => void };

export function createCoreClient(link: CoreLink) {
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  const statusListeners = new Set<(status: CoreStatus) => void>();
  const changeListeners = new Set<(change: ChangeEvent) => void>();
  let exited: CoreExitedError | null = null;

  link.on('message', (raw) => {
    const message = raw as FromCore;
    if (!message || typeof message !== 'object') return;
    if ('event' in message) {
      if (message.event === 'status') for (const listener of statusListeners) listener(message.status);
      else for (const listener of changeListeners) listener(message.change);
      return;
    }
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    w.resolve(message);
  });

  type Request = { name: string; input: unknown; token: string | null; caller: Caller; requestKey?: string } | { control: CoreControl };

  function send(request: Request) {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<Extract<FromCore, { id: number }>>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      try {
        link.postMessage({ ...request, id } as ToCore);
      } catch (err) {
        // not sent (a value the port cannot clone, a closed port): nothing will answer it
        waiting.delete(id);
        reject(err as Error);
      }
    });
  }

  async function control(which: CoreControl): Promise<unknown> {
    const reply = await send({ control: which });
    if (!reply.ok) throw new CoreCallError(reply.error);
    return reply.value;
  }

  return {
    /** a handler call as the window `caller`; rejects with CoreExitedError when the core has gone */
    async invoke(name: string, input: unknown, token: string | null, caller: Caller, requestKey?: string): Promise<ApiResponse<unknown>> {
      const reply = await send({ name, input, token, caller, ...(requestKey !== undefined ? { requestKey } : {}) });
      return reply.ok ? { ok: true, result: reply.value } : { ok: false, error: reply.error };
    },
    status: () => control('status') as Promise<CoreStatus>,
    /** stops the services, waits for their work, closes the database; the process may then end */
    close: () => control('close') as Promise<void>,
    /** server mode: where the centre host listens, or why it did not start; null in standalone */
    centre: () => control('centre') as Promise<DesktopCentreInfo | null>,
    onStatus(listener: (status: CoreStatus) => void): void {
      statusListeners.add(listener);
    },
    /** server mode: every committed write's change event */
    onChange(listener: (change: ChangeEvent) => void): void {
      changeListeners.add(listener);
    },
    /** calls waiting for an answer */
    get pending(): number {
      return waiting.size;
    },
    get exited(): CoreExitedError | null {
      return exited;
    },
    /** The core process has ended: every waiting call (and every later one) fails with CoreExitedError. */
    exit(exitCode: number | null): void {
      exited ??= new CoreExitedError(exitCode);
      const failing = [...waiting.values()];
      waiting.clear();
      for (const w of failing) w.reject(exited);
    },
  };
}

export type CoreClient = ReturnType<typeof createCoreClient>;
