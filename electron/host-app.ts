import { createApp, type AppOptions } from '../db/src/app';
import { describeOpenError } from './startup-errors';

/** What a command-line host prints when the core enters or leaves recovery mode. */
export interface ModeMessages {
  recovery: string;
  restored: string;
}

/**
 * The core as a command-line host (browser mode, centre server) opens it: a database that
 * does not open is no exit but recovery mode, and the quick_check of the whole file runs on
 * a worker thread once the host is up. Its services (schedules, jobs) are started.
 */
export function startHostApp(options: { dbPath: string; testNow: (() => Date) | undefined; messages: ModeMessages; centre?: AppOptions['centre'] }) {
  const { dbPath, testNow, messages, centre } = options;
  const app = createApp({
    dbPath,
    integrityCheck: 'background',
    describeOpenError,
    ...(centre ? { centre } : {}),
    ...(testNow ? { now: testNow } : {}),
    onModeChange: (mode) => {
      if (mode === 'recovery') console.error(messages.recovery);
      else console.log(messages.restored);
    },
  });
  app.services.start();
  return app;
}

/** Closes the host, then the core, on Ctrl+C or a service stop. */
export function closeOnSignals(app: { close(): void }, host: { close(): Promise<void> }): void {
  const shutdown = async () => {
    await host.close();
    app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}
