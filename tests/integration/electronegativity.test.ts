/**
 * Runs @doyensec/electronegativity over the desktop shell and the renderer and fails on
 * any finding that is not reviewed and listed, with its reason, in
 * build/electronegativity-accepted.json, and on any listed finding that no longer occurs.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP_CSP } from '../../electron/security';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
}

interface Accepted {
  excludedChecks: { check: string; reason: string }[];
  accepted: { issue: string; file: string; sample: string; reason: string }[];
}

/** RFC 4180 style: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function electronegativityBin(): string {
  const pkgPath = require.resolve('@doyensec/electronegativity/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(pkgPath), pkg.bin.electronegativity!);
}

const work = mkdtempSync(join(tmpdir(), 'onewindow-electronegativity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds nothing in the shell and the renderer beyond the reviewed findings', async () => {
    const accepted = JSON.parse(readFileSync(join(root, 'build', 'electronegativity-accepted.json'), 'utf8')) as Accepted;
    for (const a of [...accepted.accepted, ...accepted.excludedChecks]) expect(a.reason.length, JSON.stringify(a)).toBeGreaterThan(20);

    // A tree of just our sources: the tool would otherwise walk all of node_modules.
    const scan = join(work, 'scan');
    cpSync(join(root, 'electron'), join(scan, 'electron'), { recursive: true });
    cpSync(join(root, 'renderer', 'src'), join(scan, 'renderer', 'src'), { recursive: true });
    cpSync(join(root, 'renderer', 'index.html'), join(scan, 'renderer', 'index.html'));
    cpSync(join(root, 'package.json'), join(scan, 'package.json'));
    const report = join(work, 'report.csv');

    // The tool writes the CSV header and the rows with two unawaited fs.writeFile calls (the
    // header truncating), so under load the rows can land before the header and be cut.
    // Making its writes synchronous for this run gives a whole report every time.
    const syncWrites = join(work, 'sync-writes.cjs');
    writeFileSync(
      syncWrites,
      `const fs = require('fs');
fs.writeFile = function (file, data, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  try { fs.writeFileSync(file, data, options); } catch (err) { if (callback) return callback(err); throw err; }
  if (callback) callback(null);
};
`,
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--require',
        syncWrites,
        electronegativityBin(),
        '-i', scan,
        '-o', report,
        '-r',
        // Read from package.json anyway; given so the tool does not go looking online.
        '-e', '41.7.1',
        '-v', 'false',
        '-x', accepted.excludedChecks.map((c) => c.check).join(','),
      ],
      { cwd: work, timeout: 60_000, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    // A file the parser could not read would be skipped silently in the report.
    expect(`${stdout}\n${stderr}`).not.toMatch(/error parsing/i);

    const parsed = parseCsv(readFileSync(report, 'utf8'));
    const [header, ...rows] = parsed;
    expect(header!.map((h) => h.trim())).toEqual(['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url']);
    const findings: Finding[] = rows.map(([issue, severity, confidence, file, location, sample]) => ({
      issue: issue!.trim(),
      severity: severity!,
      confidence: confidence!,
      file: file!.replaceAll('\\', '/'),
      location: location!,
      sample: sample!.trim(),
    }));

    const matches = (f: Finding, a: Accepted['accepted'][number]) => f.issue === a.issue && f.file === a.file && f.sample === a.sample.trim();
    const unexplained = findings.filter((f) => !accepted.accepted.some((a) => matches(f, a)));
    const stale = accepted.accepted.filter((a) => !findings.some((f) => matches(f, a)));
    expect(unexplained, 'findings not reviewed in build/electronegativity-accepted.json').toEqual([]);
    expect(stale, 'accepted findings that no longer occur: remove them from build/electronegativity-accepted.json').toEqual([]);
  });

  it('keeps the Content-Security-Policy it cannot read strict', () => {
    const directives = Object.fromEntries(DESKTOP_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
