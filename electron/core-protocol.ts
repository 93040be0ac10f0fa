/**
 * The messages between the desktop's main process and the core process (a utilityProcess
 * running createApp), over one MessagePort. Plain data only: it crosses the port by
 * structured clone.
 */
import type { ChangeEvent } from '../db/src/kernel/dispatch';
import type { ApiErrorBody } from '../db/src/kernel/errors';
import type { DesktopCentreConfig } from './server/desktop-centre';
import type { StartupScreen } from './startup-screen';

/**
 * Which window a call comes from, as main decided it (electron/security.ts senderRole):
 * a print window may call read handlers only, the start-up window the recovery handlers only.
 */
export type Caller = 'main' | 'print' | 'startup';

/**
 * A request: a handler call (the renderer's invoke) or one of the core's controls. A call's
 * `requestKey` is the renderer's key for a logical write, re-sent on its retries (kernel
 * CallOrigin.requestKey): the core answers a repeated key from its table, never twice.
 */
export type ToCore =
  | { id: number; name: string; input: unknown; token: string | null; caller: Caller; requestKey?: string }
  | { id: number; control: CoreControl };

/** status: the core's state; close: end its work; centre: the centre host's address in server mode (null otherwise) */
export type CoreControl = 'status' | 'close' | 'centre';

/** What the core tells main: the answer to request `id`, or (event) a change of its state. */
export type FromCore =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ApiErrorBody }
  | { event: 'status'; status: CoreStatus }
  /** server mode: a write committed (by a device or this window), for this window's live screens */
  | { event: 'change'; change: ChangeEvent };

/**
 * The core's state as the windows need it: ready (the main window), or the start-up
 * window's screen: recovery mode (restoring a backup is offered) or failed (the data
 * folder could not even be prepared; only retry).
 */
export type CoreStatus = { mode: 'ready' } | { mode: 'recovery' | 'failed'; screen: StartupScreen };

/**
 * A MessagePort as both sides use it: Node's worker_threads MessagePort fits as it is;
 * Electron's MessagePortMain through electronLink (it wraps each message in an event).
 */
export interface CoreLink {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** What the core process is started with: main decides the paths, the core opens them. */
export interface CoreConfig {
  dbPath: string;
  dataDir: string;
  /** the migrations shipped with the program (app.getAppPath()/db/migrations) */
  migrationsDir?: string;
  /** --demo: seed the separate demo file on first use */
  demo?: boolean;
  /** where the scheduler keeps what it last ran (userData/scheduler-state.json); null: in memory */
  statePath?: string | null;
  /** how long closing waits for a backup or export under way */
  closeTimeoutMs?: number;
  /** server mode: the centre host runs beside the core, on the same App */
  centre?: DesktopCentreConfig;
}

/** The start message main posts to the utility process together with the port. */
export interface CoreStart {
  config: CoreConfig;
}
