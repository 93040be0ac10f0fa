/**
 * The centre load's figures as the bench prints them: one row per call kind (p50/p95/p99
 * against the issue's p95 < 50 ms), the export and the backup beside the load, the kill,
 * and the checks of what the database holds afterwards.
 */
import { fmt } from './stats';
import { LONG_KINDS, type CentreLoadReport } from './centre-load';

export const P95_TARGET_MS = 50;

export interface CentreLoadFigure {
  figure: string;
  calls: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}

/** Whether nothing acknowledged was lost or doubled, the numbers hold and the chain verifies. */
export function invariantsHold(r: CentreLoadReport): boolean {
  const c = r.checks;
  return (
    c.lostIntakes === 0 &&
    c.lostTransitions === 0 &&
    c.doubledIntakes === 0 &&
    c.doubledTransitions === 0 &&
    c.unacknowledgedCases === 0 &&
    c.caseNumbersUnique &&
    c.caseNumbersGapFree &&
    c.auditValid
  );
}

export function centreLoadTable(r: CentreLoadReport): { lines: string[]; figures: CentreLoadFigure[]; passed: boolean } {
  const figures: CentreLoadFigure[] = r.kinds.map((k) => ({
    figure: k.kind,
    calls: k.calls,
    p50: k.p50,
    p95: k.p95,
    p99: k.p99,
    target: LONG_KINDS.has(k.kind) ? 'report' : `p95 < ${P95_TARGET_MS} ms, no errors`,
    met: LONG_KINDS.has(k.kind) ? null : k.p95 !== null && k.p95 < P95_TARGET_MS && k.errors === 0,
    note: k.errors ? `${k.errors} errors` : '',
  }));
  for (const p of r.phases) figures.push({ figure: `all counter and reviewer calls: ${p.label}`, calls: p.calls, p50: p.p50, p95: p.p95, p99: p.p99, target: 'report', met: null });
  const c = r.checks;
  const check = (figure: string, ok: boolean, note: string): CentreLoadFigure => ({ figure, calls: null, p50: null, p95: null, p99: null, target: 'must hold', met: ok, note });
  figures.push(
    check('npm run cli beside the server', r.cliRetries === 0, r.cliRetries ? `${r.cliRetries} refused with "database is locked", tried again` : 'answered at once'),
    check('errors (unexpected answers)', r.errors.count === 0, `${r.errors.count}${r.errors.samples.length ? `: ${r.errors.samples.slice(0, 3).join('; ')}` : ''}`),
    check('acknowledged intakes present', c.lostIntakes === 0, `${c.acknowledgedIntakes - c.lostIntakes} of ${c.acknowledgedIntakes}`),
    check('acknowledged transitions present', c.lostTransitions === 0, `${c.acknowledgedTransitions - c.lostTransitions} of ${c.acknowledgedTransitions}`),
    check('doubled intakes / transitions', c.doubledIntakes === 0 && c.doubledTransitions === 0, `${c.doubledIntakes} / ${c.doubledTransitions}`),
    check('cases no client was told of', c.unacknowledgedCases === 0, String(c.unacknowledgedCases)),
    check('case numbers unique and gap-free per day', c.caseNumbersUnique && c.caseNumbersGapFree, c.caseNumberProblems.join('; ') || 'yes'),
    check('audit.verify', c.auditValid, `${c.auditValid ? 'valid' : 'BROKEN'}, ${c.auditRows.toLocaleString('en-US')} rows, ${fmt(c.auditVerifyMs)} ms after the run`),
  );
  if (r.export) figures.push({ ...check('export beside the load (exports.run, ledger)', r.export.ok, r.export.detail.slice(0, 120)), p50: r.export.ms, target: 'report' });
  if (r.backup) figures.push({ ...check('backup beside the load (backups.create)', r.backup.ok, r.backup.detail.slice(0, 120)), p50: r.backup.ms, target: 'report' });
  if (r.kill) {
    const k = r.kill;
    figures.push({
      ...check('SIGKILL and restart', c.lostIntakes === 0 && c.lostTransitions === 0 && c.doubledIntakes === 0,
        `at ${k.atSeconds.toFixed(0)} s${k.aimedAtWrite ? ', a few ms after a write was sent' : ''}; restart to ready ${fmt(k.restartMs)} ms, downtime to the first answer ${fmt(k.downtimeMs)} ms; calls retried ${k.callsRetried} (writes ${r.retried.writes}, intakes answered as replayed ${r.retried.replayedIntakes}); sessions ${k.sessionsSurvived ? 'survived' : `lost (${r.expected.relogins} sign-ins again)`}; retried writes answered CONFLICT, found applied: ${r.expected.retriedWritesAlreadyApplied}`),
      p50: k.downtimeMs,
      target: 'nothing lost or doubled',
    });
  }
  const ms = (v: number | null) => (v === null ? '—' : `${fmt(v)} ms`);
  const lines = [
    `centre load: ${r.options.counters} counters, ${r.options.reviewers} reviewers, ${r.seconds.toFixed(0)} s, ${r.residents.toLocaleString('en-US')} residents, ${r.seededCases.toLocaleString('en-US')} cases before; load average ${r.loadAverage.start.join(' ')} → ${r.loadAverage.end.join(' ')}`,
    `| figure | calls | p50 | p95 | p99 | target | met | note |`,
    `|---|---|---|---|---|---|---|---|`,
    ...figures.map((f) => `| ${f.figure} | ${f.calls ?? '—'} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${f.target} | ${f.met === null ? '—' : f.met ? 'yes' : 'NO'} | ${f.note ?? ''} |`),
  ];
  return { lines, figures, passed: invariantsHold(r) && r.errors.count === 0 };
}
