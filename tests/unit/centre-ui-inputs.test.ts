import { describe, expect, it } from 'vitest';
import { caseNoFromScan, caseQrPayload, idLast4FromInput } from '../../renderer/src/features/kiosk/caseQr';
import { groupedPairingCode, normalizePairingCode, pairingCodeProblem } from '../../renderer/src/features/devices/pairingCode';
import { normalizeFingerprint, normalizeServerUrl, runModeChoice, EMPTY_DRAFT } from '../../renderer/src/features/admin/runMode';

const CASE_NO = '310101001202603020007';
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');

describe('the receipt QR and the kiosk scanner', () => {
  it('the QR carries the case number itself, and the kiosk reads it back from a scan or typing', () => {
    expect(caseQrPayload(CASE_NO)).toBe(CASE_NO);
    expect(caseNoFromScan(caseQrPayload(CASE_NO))).toBe(CASE_NO);
    // a scanner's stray line end, spaces typed while reading the receipt, lower case
    expect(caseNoFromScan(`${CASE_NO}\r\n`)).toBe(CASE_NO);
    expect(caseNoFromScan('3101 0100 1202 6030 2000 7')).toBe(CASE_NO);
    expect(caseNoFromScan('abc123456789012')).toBe('ABC123456789012');
  });

  it('refuses what cannot be a case number', () => {
    expect(caseNoFromScan('')).toBeNull();
    expect(caseNoFromScan('12345')).toBeNull();
    expect(caseNoFromScan('https://example.org/x')).toBeNull();
    expect(caseNoFromScan('1'.repeat(25))).toBeNull();
  });

  it('reads the last four characters of an ID number, X in last place only', () => {
    expect(idLast4FromInput('002x')).toBe('002X');
    expect(idLast4FromInput(' 1234 ')).toBe('1234');
    expect(idLast4FromInput('12X4')).toBeNull();
    expect(idLast4FromInput('123')).toBeNull();
  });
});

describe('pairing codes as typed', () => {
  it('ignores the grouping the administrator reads out, and says what is wrong in Chinese', () => {
    expect(normalizePairingCode('1234 5678')).toBe('12345678');
    expect(normalizePairingCode('1234-5678')).toBe('12345678');
    expect(pairingCodeProblem('1234 5678')).toBeNull();
    expect(pairingCodeProblem('')).toBe('请输入管理员提供的 8 位配对码');
    expect(pairingCodeProblem('1234567')).toBe('配对码为 8 位数字（已输入 7 位）');
    expect(pairingCodeProblem('1234567a')).toBe('配对码只含数字');
    expect(groupedPairingCode('12345678')).toBe('1234 5678');
  });
});

describe('the run mode chooser', () => {
  it('standalone needs nothing; a server may name its listen address', () => {
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'standalone', url: 'ignored' })).toEqual({ choice: { mode: 'standalone' } });
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'server' })).toEqual({ choice: { mode: 'server' } });
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'server', listen: ' 0.0.0.0:8443 ' })).toEqual({ choice: { mode: 'server', listen: '0.0.0.0:8443' } });
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'server', listen: '9443' })).toEqual({ choice: { mode: 'server', listen: '9443' } });
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'server', listen: '0.0.0.0:70000' }).errors?.listen).toBe('端口应在 1 到 65535 之间');
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'server', listen: '300.1.1.1:8443' }).errors?.listen).toBe('地址 300.1.1.1 无效');
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'server', listen: 'server:x' }).errors?.listen).toMatch(/监听地址应为/);
  });

  it('a client needs the https address, the 8-digit code and the fingerprint, normalised', () => {
    const lower = FINGERPRINT.replaceAll(':', '').toLowerCase();
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'client', url: '192.168.1.10:8443', code: '1234 5678', fingerprint: lower })).toEqual({
      choice: { mode: 'client', url: 'https://192.168.1.10:8443/', code: '12345678', fingerprint: FINGERPRINT },
    });
    const { errors } = runModeChoice({ ...EMPTY_DRAFT, mode: 'client', url: 'http://192.168.1.10:8443/', code: '123', fingerprint: 'AB:CD' });
    expect(errors).toEqual({
      url: '地址应为 https://地址:端口/，例如 https://192.168.1.10:8443/',
      code: '配对码为 8 位数字（已输入 3 位）',
      fingerprint: '证书指纹应为 64 位十六进制数字（可带冒号），与服务器上显示的一致',
    });
    expect(runModeChoice({ ...EMPTY_DRAFT, mode: 'client' }).errors).toMatchObject({ url: expect.stringContaining('请输入'), fingerprint: '请输入管理员提供的证书指纹' });
  });

  it('normalises server addresses and fingerprints', () => {
    expect(normalizeServerUrl('https://onewindow-server:8443')).toBe('https://onewindow-server:8443/');
    expect(normalizeServerUrl('https://server:8443/cases')).toBeNull();
    expect(normalizeServerUrl('https://user:pw@server/')).toBeNull();
    expect(normalizeFingerprint(FINGERPRINT)).toBe(FINGERPRINT);
    expect(normalizeFingerprint(FINGERPRINT.slice(3))).toBeNull();
  });
});
