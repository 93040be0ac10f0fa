/**
 * The centre load harness (scripts/bench/centre-load.ts, `npm run bench -- --centre-load`)
 * briefly: the real server as a child process, 3 counters and 1 reviewer paired over TLS,
 * the server SIGKILLed in the middle and started again on the same folder and port. Asserts
 * the invariants only, never a time: nothing acknowledged lost, nothing doubled, case
 * numbers unique and gap-free, the audit chain valid, no errors but the expected ones.
 */
import { describe, expect, it } from 'vitest';
import { runCentreLoad, type Pace } from '../../scripts/bench/centre-load';

// Faster than a busy morning so that 20 s hold intakes and transitions on both sides of the kill.
const BRISK: Pace = { search: [0.5, 1.5], intake: [1.5, 3], counterWorklist: [3, 6], reviewerPoll: [1, 2] };

describe('the centre server under load, killed and restarted', { timeout: 900_000 }, () => {
  it('keeps every acknowledged intake and transition, doubles none, numbers gap-free, audit valid', async () => {
    const lines: string[] = [];
    const report = await runCentreLoad({
      durationSeconds: 20,
      counters: 3,
      reviewers: 1,
      kill: true,
      killAtSeconds: 9,
      exportAtSeconds: 3,
      backupAtSeconds: 5,
      pace: BRISK,
      residents: 400,
      cases: 400,
      log: (l) => lines.push(l),
    });
    const c = report.checks;
    const context = JSON.stringify({ checks: c, errors: report.errors, expected: report.expected, kill: report.kill, lines }, null, 1);
    expect(report.errors.samples, context).toEqual([]);
    expect(c.acknowledgedIntakes, context).toBeGreaterThan(0);
    expect(c.acknowledgedTransitions, context).toBeGreaterThan(0);
    expect(c.lostIntakes, context).toBe(0);
    expect(c.lostTransitions, context).toBe(0);
    expect(c.doubledIntakes, context).toBe(0);
    expect(c.doubledTransitions, context).toBe(0);
    expect(c.unacknowledgedCases, context).toBe(0);
    expect(c.caseNumbersUnique && c.caseNumbersGapFree, context).toBe(true);
    expect(c.auditValid, context).toBe(true);
    expect(report.kill, context).not.toBeNull();
    // sessions are kept across the restart, and a retried write is answered from its request key
    expect(report.kill?.sessionsSurvived, context).toBe(true);
    expect(report.expected.relogins, context).toBe(0);
    expect(report.expected.retriedWritesAlreadyApplied, context).toBe(0);
    expect(report.export?.ok, context).toBe(true);
    expect(report.backup?.ok, context).toBe(true);
    // every kind of call the counters and the reviewer make was answered
    const kinds = report.kinds.map((k) => k.kind);
    for (const k of ['residents.search', 'cases.precheck', 'cases.intake', 'cases.get', 'cases.list', 'cases.worklist', 'cases.transition']) expect(kinds, context).toContain(k);
  });
});
