import { defineConfig } from '@playwright/test';
import { chromiumExecutable } from './tests/e2e/support/browser';

export default defineConfig({
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/support/build.ts',
  // e2e: Chromium against browser mode. electron: the desktop app through Playwright's
  // _electron, skipped with the reason printed where the Electron binary is not installed.
  projects: [
    { name: 'e2e', testDir: 'tests/e2e' },
    { name: 'electron', testDir: 'tests/electron', timeout: 120_000 },
  ],
  outputDir: '.test-output/playwright',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  // An assertion waits for the page as long as a loaded 2-core machine needs (a password
  // hash or a build beside the test can take seconds); a passing check returns at once.
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '.test-output/playwright.json' }]],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
