import { describe, expect, it } from 'vitest';
import { appUrlToRelativeFile, isOwnAppUrl, isSafeExternalUrl } from '../../electron/security';

describe('desktop shell URL checks', () => {
  it.each([
    ['app://onewindow/index.html', true],
    ['app://onewindow/cases/12', true],
    ['app://other/index.html', false],
    ['http://127.0.0.1:3000/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['', false],
    ['not a url', false],
  ])('own app URL %s → %s', (url, expected) => {
    expect(isOwnAppUrl(url)).toBe(expected);
  });

  it.each([
    ['https://www.shanghai.gov.cn/', true],
    ['http://example.org/a', true],
    ['file:///C:/Windows/system32/calc.exe', false],
    ['smb://server/share', false],
    ['javascript:alert(1)', false],
    ['https://user:pass@example.org/', false],
    ['ms-settings:', false],
  ])('external link %s → %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });

  it.each([
    ['app://onewindow/', 'index.html'],
    ['app://onewindow/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://onewindow/cases/12', 'cases/12'],
    ['app://onewindow/../../etc/passwd', 'etc/passwd'],
    // The URL parser resolves dot segments, so the path can never climb out of the folder.
    ['app://onewindow/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
    ['app://onewindow/..%5c..%5cwindows', null],
    ['app://onewindow/C:/Windows', null],
    ['app://evil/index.html', null],
  ])('app URL %s maps to %s below the UI folder', (url, expected) => {
    expect(appUrlToRelativeFile(url)).toBe(expected);
  });
});
