/**
 * The desktop's run-mode file (electron/run-mode.ts): what main reads at start and what the
 * chooser writes, pairing with a REAL centre server for client mode.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseRunMode, effectiveRunMode, parseRunModeChoice, readRunMode, relaunchArgs, restartNeeded, runModeChangeAllowed, runModePath, runModeState, writeRunMode } from '../../electron/run-mode';
import { testCentre, testProtect } from '../support/centre';
import { tempDir } from '../support/temp';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('the run-mode file', () => {
  it('is not chosen at the very first start, nor when the file is damaged; a choice is kept in a private file', () => {
    const dir = tempDir();
    expect(readRunMode(dir)).toEqual({ chosen: false, config: { mode: 'standalone' } });
    expect(runModeState(readRunMode(dir))).toEqual({ chosen: false, mode: 'standalone' });

    writeRunMode(dir, { mode: 'server', listen: '127.0.0.1:9443' });
    expect(readRunMode(dir)).toEqual({ chosen: true, config: { mode: 'server', listen: '127.0.0.1:9443' } });
    if (process.platform !== 'win32') expect(statSync(runModePath(dir)).mode & 0o777).toBe(0o600);

    writeFileSync(runModePath(dir), '{"mode":"ser');
    expect(readRunMode(dir).chosen).toBe(false);
    writeFileSync(runModePath(dir), JSON.stringify({ mode: 'client', client: { url: 'https://x:1' } }));
    expect(readRunMode(dir).chosen).toBe(false);
  });

  it('--server on the command line makes a server whatever was chosen', () => {
    const dir = tempDir();
    expect(effectiveRunMode(readRunMode(dir), ['electron', '.', '--server']).config.mode).toBe('server');
    writeRunMode(dir, { mode: 'standalone' });
    expect(effectiveRunMode(readRunMode(dir), ['electron', '.']).config.mode).toBe('standalone');
    expect(effectiveRunMode(readRunMode(dir), ['electron', '.', '--server'])).toEqual({ chosen: true, config: { mode: 'server' } });
    writeRunMode(dir, { mode: 'server', listen: ':9443' });
    expect(effectiveRunMode(readRunMode(dir), ['--server']).config).toEqual({ mode: 'server', listen: ':9443' });
  });

  it('checks the page’s choice and says in Chinese what is wrong; a refused choice writes nothing', async () => {
    expect(parseRunModeChoice({ mode: 'cloud' })).toMatchObject({ ok: false, message: expect.stringContaining('运行方式') });
    expect(parseRunModeChoice(null)).toMatchObject({ ok: false });
    expect(parseRunModeChoice({ mode: 'server', listen: 'everywhere:port' })).toMatchObject({ ok: false, message: expect.stringContaining('监听地址') });
    expect(parseRunModeChoice({ mode: 'server', listen: 8443 })).toMatchObject({ ok: false });
    expect(parseRunModeChoice({ mode: 'server', listen: ' 0.0.0.0:8443 ' })).toEqual({ ok: true, choice: { mode: 'server', listen: '0.0.0.0:8443' } });
    expect(parseRunModeChoice({ mode: 'client', url: 'https://10.0.0.2:8443', code: '', fingerprint: 'AB' })).toMatchObject({ ok: false, message: expect.stringContaining('配对码') });
    const dir = tempDir();
    expect(await chooseRunMode({ mode: 'server', listen: 'x' }, { userDataDir: dir, protect: testProtect() })).toMatchObject({ ok: false });
    expect(readRunMode(dir).chosen).toBe(false);
    expect(await chooseRunMode({ mode: 'standalone' }, { userDataDir: dir, protect: testProtect() })).toMatchObject({ ok: true });
    expect(readRunMode(dir)).toEqual({ chosen: true, config: { mode: 'standalone' } });
  });

  it('client mode pairs first: a wrong fingerprint keeps the old choice; the right one stores the centre with the credential sealed', async () => {
    const c = await testCentre(closers);
    const dir = tempDir();
    const protect = testProtect();
    writeRunMode(dir, { mode: 'standalone' });
    const { code, fingerprint } = await c.code('5号窗口');
    const other = await testCentre(closers, '别的中心');

    const wrong = await chooseRunMode({ mode: 'client', url: c.url(), code, fingerprint: other.certs.fingerprint }, { userDataDir: dir, protect });
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/指纹与您输入的不一致/) });
    expect(readRunMode(dir).config).toEqual({ mode: 'standalone' });

    const right = await chooseRunMode({ mode: 'client', url: c.url(), code, fingerprint }, { userDataDir: dir, protect });
    expect(right.ok).toBe(true);
    const stored = readRunMode(dir);
    expect(stored.config.client).toMatchObject({ deviceName: '5号窗口', fingerprint, caCertPem: c.certs.caCertPem });
    const credential = protect.decrypt(stored.config.client!.credentialSealed);
    expect(readFileSync(runModePath(dir), 'utf8')).not.toContain(credential);
    // The page learns where it is connected, never the credential or the certificate.
    const state = runModeState(stored);
    expect(state).toEqual({ chosen: true, mode: 'client', client: { url: c.url().replace(/\/$/, ''), deviceName: '5号窗口', fingerprint } });
  });
});

describe('changing the run mode later', () => {
  const facts = { chosen: true, mode: 'standalone' as const, deviceRefused: false, offline: false, roles: ['clerk'] };
  it('is for anyone at the first start, for an administrator afterwards, and for anyone when the centre refuses this device', () => {
    expect(runModeChangeAllowed({ ...facts, chosen: false, roles: null })).toEqual({ ok: true });
    expect(runModeChangeAllowed(facts)).toMatchObject({ ok: false, message: expect.stringContaining('只有管理员') });
    expect(runModeChangeAllowed({ ...facts, roles: null })).toMatchObject({ ok: false });
    expect(runModeChangeAllowed({ ...facts, roles: ['admin'] })).toEqual({ ok: true });
    expect(runModeChangeAllowed({ ...facts, mode: 'client', deviceRefused: true, roles: null })).toEqual({ ok: true });
    expect(runModeChangeAllowed({ ...facts, mode: 'client', offline: true, roles: ['admin'] })).toMatchObject({ ok: false, message: expect.stringContaining('无法连接中心服务器') });
  });

  it('starts again for a new mode, not for 单机 chosen while running standalone', () => {
    expect(restartNeeded({ mode: 'standalone' }, { mode: 'standalone' }, ['electron'])).toBe(false);
    expect(restartNeeded({ mode: 'standalone' }, { mode: 'server' }, ['electron'])).toBe(true);
    expect(restartNeeded({ mode: 'server' }, { mode: 'standalone' }, ['electron', '--server'])).toBe(true);
    expect(restartNeeded({ mode: 'client' }, { mode: 'standalone' }, ['electron'])).toBe(true);
  });

  it('restarts with the same command line, without --server', () => {
    expect(relaunchArgs(['/opt/onewindow/onewindow', '--server', '--data-dir', '/srv/ow'])).toEqual(['--data-dir', '/srv/ow']);
  });
});
