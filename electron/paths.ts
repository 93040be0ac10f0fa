import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The folder name under the platform's application-data folder, shared by both hosts. */
export const APP_FOLDER = 'OneWindow';
export const DB_FILE = 'onewindow.sqlite';
export const DEMO_DB_FILE = 'onewindow-demo.sqlite';

/**
 * The platform's per-user application-data folder, computed the way Electron's
 * app.getPath('appData') does, so that browser mode and the desktop app find the same file.
 */
export function appDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(home, '.config');
}

export interface DataLocationInput {
  /** --data-dir from the command line wins over everything */
  dataDirArg?: string | undefined;
  /** --db FILE names the file itself */
  dbArg?: string | undefined;
  demo?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Electron's app.getPath('userData') when running in the shell */
  userDataDir?: string;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * Where the records live: a command-line option, then ONEWINDOW_DATA_DIR, then the
 * user's data folder. Never next to the executable: an installer update wipes that folder.
 */
export function resolveDataLocation(input: DataLocationInput = {}): { dataDir: string; dbPath: string } {
  const env = input.env ?? process.env;
  const file = input.demo ? DEMO_DB_FILE : DB_FILE;
  if (input.dbArg) {
    const dbPath = resolve(input.dbArg);
    return { dataDir: resolve(dbPath, '..'), dbPath };
  }
  const dataDir = resolve(
    input.dataDirArg ?? env.ONEWINDOW_DATA_DIR ?? input.userDataDir ?? join(appDataDir(input.platform, env, input.home), APP_FOLDER),
  );
  return { dataDir, dbPath: join(dataDir, file) };
}
