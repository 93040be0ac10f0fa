#!/usr/bin/env node
/**
 * `npm test`: typecheck, build the UI, unit and integration tests (vitest, real SQLite
 * files), then end-to-end tests (Playwright in Chromium against browser mode).
 * Every step runs even when an earlier one fails, so one run shows everything that is
 * red; the last line sums up the tests in the form CI reads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, '.test-output');
rmSync(join(out, 'vitest.json'), { force: true });
rmSync(join(out, 'playwright.json'), { force: true });
mkdirSync(out, { recursive: true });

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  ['类型检查 typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['类型检查 typecheck (renderer)', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']],
  ['构建界面 build renderer', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']],
  ['单元与集成测试 vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${join(out, 'vitest.json')}`]],
  ['端到端测试 playwright', bin('playwright'), ['test']],
];

const failedSteps = [];
for (const [label, cmd, args] of steps) {
  console.log(`\n=== ${label}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  console.log(`=== ${label}: ${res.status === 0 ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (res.status !== 0) failedSteps.push(label);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitestFile = join(out, 'vitest.json');
if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
}
const pwFile = join(out, 'playwright.json');
if (existsSync(pwFile)) {
  const s = JSON.parse(readFileSync(pwFile, 'utf8')).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
  skipped += s.skipped;
}
// A step that failed before its runner could count anything still fails the run.
if (failedSteps.length > 0 && failed === 0) failed = failedSteps.length;
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
