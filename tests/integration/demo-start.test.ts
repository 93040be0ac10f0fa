/**
 * `npm start -- --demo`: a separate demo database in the data folder, seeded once on first
 * use, marked as demo data for the banner; the real database is never touched.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE, DEMO_DB_FILE, resolveDataLocation } from '../../electron/paths';
import { demoNotice, ensureDemoDatabase } from '../../electron/demo';
import { signInScreen, spawnServe } from '../../scripts/bench/serve-probe';
import { tempDir } from '../support/temp';

const head = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      hash: (db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string }).hash,
      demo: (db.prepare("SELECT value FROM settings WHERE key = 'demo'").get() as { value: string }).value,
      cases: (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
};

describe('demo start', () => {
  it('chooses onewindow-demo.sqlite beside the real database, never the real file', () => {
    const dir = tempDir();
    const real = resolveDataLocation({ dataDirArg: dir, env: {} });
    const demo = resolveDataLocation({ dataDirArg: dir, env: {}, demo: true });
    expect(real.dbPath).toBe(join(dir, DB_FILE));
    expect(demo.dbPath).toBe(join(dir, DEMO_DB_FILE));
    expect(demo.dbPath).not.toBe(real.dbPath);
    const viaEnv = resolveDataLocation({ env: { ONEWINDOW_DATA_DIR: dir }, demo: true });
    expect(viaEnv.dbPath).toBe(join(dir, DEMO_DB_FILE));
  });

  it('seeds the demo database once, marked as demo data, and leaves it alone afterwards', () => {
    const dir = tempDir();
    const path = join(dir, DEMO_DB_FILE);
    const first = ensureDemoDatabase(path, { residents: 60, cases: 90, now: new Date('2026-11-22T02:00:00Z') });
    expect(first.seeded).toBe(true);
    expect(first.result!.until).toBe('2026-11-22');
    const before = head(path);
    expect(before).toMatchObject({ demo: 'true', cases: 90 });
    expect(demoNotice(path, first).join('\n')).toMatch(/演示数据.*不是真实记录[\s\S]*demo1234/);

    const second = ensureDemoDatabase(path, { residents: 60, cases: 90 });
    expect(second.seeded).toBe(false);
    expect(head(path)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.seeding'))).toEqual([]);
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
  });

  it('serve --demo starts on the seeded demo file and tells the sign-in screen it is demo data', async () => {
    const dir = tempDir();
    const ui = join(dir, 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><html><head><title>一窗受理</title></head><body></body></html>');
    const serve = await spawnServe(['--demo', '--data-dir', join(dir, 'data')], { ONEWINDOW_RENDERER_DIR: ui, ONEWINDOW_DEMO_SIZE: '60,90' }, 120_000);
    try {
      const screen = await signInScreen(serve.url);
      expect(screen.settings.demo).toBe(true);
      expect(serve.output.join('\n')).toContain(DEMO_DB_FILE);
      expect(existsSync(join(dir, 'data', DEMO_DB_FILE))).toBe(true);
      expect(existsSync(join(dir, 'data', DB_FILE))).toBe(false);
    } finally {
      await serve.stop();
    }
  }, 150_000);
});
