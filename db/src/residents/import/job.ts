/**
 * The import itself, on a worker thread (jobs/) with a connection of its own: the file read
 * and checked as a stream, then applied in ONE transaction that commits only at the end.
 * Cancel (a flag the requesting thread sets) and a killed process both leave the database
 * as it was: SQLite rolls back a transaction that never committed. A dry run does the same
 * work and rolls back, so its report is exactly what the import would do.
 *
 * Unlike the other jobs (which only read), this one writes: the apply must not run on the
 * connection that answers requests, because the import's transaction would then swallow
 * every other save made on that connection meanwhile.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { appendAudit } from '../../kernel/audit-chain';
import { AppError, validationError } from '../../kernel/errors';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../database/private-files';
import { maskIdNumber } from '../../privacy/mask';
import { checkRow, columnsOf, FIELD_LABELS, missingRequired, resolveMapping, type CheckedRow, type FieldKey, type Mapping } from './fields';
import { applyUnits, type Refusal, type Unit } from './apply';
import { fileSha256, openRecords, type Encoding } from './read-file';
import { REPORT_SUFFIX, writeReport } from './report';

export interface ImportJobInput {
  dbPath: string;
  file: string;
  mapping?: Mapping | undefined;
  remembered: Mapping;
  dryRun: boolean;
  actor: { id: number; name: string } | null;
  nowIso: string;
  today: string;
  importId: string;
  /** Int32 [0]: set to 1 by residents.importCancel */
  cancelFlag: SharedArrayBuffer;
  reportDir: string;
}

export interface ImportProgress {
  phase: 'reading' | 'applying';
  rowsRead: number;
  rowsTotal: number | null;
  rowsApplied: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ImportRefusal {
  line: number;
  field: FieldKey | '';
  column: string | null;
  reason: string;
}

export interface ImportResult {
  importId: string;
  dryRun: boolean;
  cancelled: boolean;
  fileName: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding: Encoding;
  mapping: Mapping;
  rows: number;
  applied: number;
  created: number;
  unchanged: number;
  refused: ImportRefusal[];
  updated: { line: number; residentId: number; name: string; fields: string[] }[];
  households: { created: number; completed: number; unchanged: number };
  reportId: string | null;
  reportFile: string | null;
  durationMs: number;
}

class Cancelled extends Error {}

const PROGRESS_EVERY = 2000;

/** Groups rows into households (by 户号, else by the head's ID number) and lone residents. */
function unitsOf(rows: CheckedRow[], refused: Refusal[], headRefused: Map<string, number>): Unit[] {
  const units: Unit[] = [];
  const groups = new Map<string, Unit>();
  // A head's row that has a 户号 takes in the rows that name that head by ID number only.
  const householdOfHead = new Map<string, string>();
  for (const row of rows) if (row.relation === '本人' && row.householdNo !== null) householdOfHead.set(row.idNumber, row.householdNo);
  for (const row of rows) {
    const viaHead = row.headIdNumber !== null ? householdOfHead.get(row.headIdNumber) : undefined;
    const key =
      row.householdNo !== null
        ? `no:${row.householdNo}`
        : viaHead !== undefined
          ? `no:${viaHead}`
          : row.headIdNumber !== null
            ? `head:${row.headIdNumber}`
            : row.relation === '本人'
              ? `head:${row.idNumber}`
              : null;
    if (key === null) {
      units.push({ rows: [row] });
      continue;
    }
    let unit = groups.get(key);
    if (!unit) {
      const no = row.householdNo ?? viaHead;
      const label = no !== undefined && no !== null ? `户号“${no}”` : `户主 ${maskIdNumber(row.headIdNumber ?? row.idNumber)} 的户`;
      unit = { rows: [], household: { label, head: null, headIdNumber: null } };
      groups.set(key, unit);
      units.push(unit);
    }
    unit.rows.push(row);
  }
  // Cross-row checks of each household: one head, members naming that head.
  return units.filter((unit) => {
    const h = unit.household;
    if (!h) return true;
    const heads = unit.rows.filter((r) => r.relation === '本人');
    if (heads.length > 1) {
      for (const r of unit.rows) refused.push({ line: r.line, field: 'relation', reason: `${h.label}有 ${heads.length} 个“本人”（第 ${heads.map((x) => x.line).join('、')} 行），一户只能有一位户主` });
      return false;
    }
    h.head = heads[0] ?? null;
    const named = new Set(unit.rows.map((r) => r.headIdNumber).filter((x): x is string => x !== null));
    h.headIdNumber = h.head?.idNumber ?? (named.size === 1 ? [...named][0]! : null);
    if (!h.head) {
      const key = unit.rows[0]!.householdNo ?? h.headIdNumber;
      const badLine = key === null ? undefined : headRefused.get(key);
      if (badLine !== undefined) {
        for (const r of unit.rows) refused.push({ line: r.line, field: 'headIdNumber', reason: `${h.label}的户主（第 ${badLine} 行）有误未能导入，本行一并退回` });
        return false;
      }
      if (named.size > 1) {
        for (const r of unit.rows) refused.push({ line: r.line, field: 'headIdNumber', reason: `${h.label}的各行户主身份证号不一致` });
        return false;
      }
    }
    unit.rows = unit.rows.filter((r) => {
      if (h.headIdNumber !== null && r.headIdNumber !== null && r.headIdNumber !== h.headIdNumber) {
        refused.push({ line: r.line, field: 'headIdNumber', reason: `户主身份证号与${h.label}户主（第 ${h.head?.line ?? '?'} 行）的号码不符` });
        return false;
      }
      return true;
    });
    return unit.rows.length > 0;
  });
}

export async function importResidentsJob(input: ImportJobInput, progress: (p: ImportProgress) => void): Promise<ImportResult> {
  const started = Date.now();
  const flag = new Int32Array(input.cancelFlag);
  const checkCancel = () => {
    if (Atomics.load(flag, 0) === 1) throw new Cancelled();
  };
  const source = await openRecords(input.file);
  const sha256 = await fileSha256(input.file);
  const fileName = input.file.split(/[\\/]/).pop()!;

  let headers: string[] | null = null;
  let mapping: Mapping = {};
  let cols: Partial<Record<FieldKey, number>> = {};
  const rows: CheckedRow[] = [];
  const refused: Refusal[] = [];
  // a household's head whose own row was refused: its members cannot join it
  const headRefused = new Map<string, number>();
  const firstLineOf = new Map<string, number>();
  let count = 0;
  const report = (phase: ImportProgress['phase'], rowsApplied = 0, rowsTotal: number | null = null) =>
    progress({ phase, rowsRead: count, rowsTotal, rowsApplied, bytesRead: source.bytesRead(), bytesTotal: source.bytesTotal });

  try {
    for await (const { line, cells } of source.records()) {
      if (headers === null) {
        headers = cells.map((c) => c.trim());
        mapping = resolveMapping(headers, input.mapping, input.remembered);
        cols = columnsOf(headers, mapping);
        const missing = missingRequired(cols);
        if (missing.length > 0) {
          throw validationError(
            [{ path: 'mapping', message: `缺少必填列：${missing.map((k) => FIELD_LABELS[k]).join('、')}` }],
            `文件中没有对应“${missing.map((k) => FIELD_LABELS[k]).join('”“')}”的列：请在列对应（mapping）中指定`,
          );
        }
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      count++;
      if (count % PROGRESS_EVERY === 0) {
        checkCancel();
        report('reading');
      }
      const { row, problems } = checkRow(cells, cols, line, input.today);
      if (!row) {
        for (const p of problems) refused.push({ line, ...p });
        const relationCell = cols.relation === undefined ? '' : (cells[cols.relation] ?? '').trim();
        if (relationCell === '本人' || relationCell === '户主') {
          const key = cols.householdNo !== undefined && (cells[cols.householdNo] ?? '').trim() !== '' ? (cells[cols.householdNo] ?? '').trim() : cols.idNumber === undefined ? '' : (cells[cols.idNumber] ?? '').trim().toUpperCase();
          if (key) headRefused.set(key, line);
        }
        continue;
      }
      const first = firstLineOf.get(row.idNumber);
      if (first !== undefined) {
        refused.push({ line, field: 'idNumber', reason: `与第 ${first} 行的身份证号重复（同一人只能出现一次）` });
        if (row.relation === '本人') headRefused.set(row.householdNo ?? row.idNumber, line);
        continue;
      }
      firstLineOf.set(row.idNumber, line);
      rows.push(row);
    }
    if (headers === null) throw validationError([{ path: 'file', message: '文件是空的' }], '导入文件是空的：第一行应为表头');
    firstLineOf.clear();
    checkCancel();
    report('applying', 0, count);

    const units = unitsOf(rows, refused, headRefused);
    const db = new Database(input.dbPath, { fileMustExist: true });
    let outcome: ReturnType<typeof applyUnits>;
    try {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = FULL');
      // Waits for another save to finish rather than failing the whole import.
      db.pragma('busy_timeout = 30000');
      const now = new Date(input.nowIso);
      db.exec('BEGIN IMMEDIATE');
      try {
        outcome = applyUnits(
          {
            db,
            actor: input.actor,
            now,
            today: input.today,
            audit: !input.dryRun,
            onRows: (done) => {
              checkCancel();
              report('applying', done, count);
            },
          },
          units,
        );
        refused.push(...outcome.refused);
        refused.sort((a, b) => a.line - b.line);
        if (input.dryRun) db.exec('ROLLBACK');
        else {
          appendAudit(db, input.actor, now, {
            handler: 'residents.import',
            action: 'import',
            recordType: 'resident_import',
            recordId: input.importId,
            detail: {
              fileName,
              sha256,
              format: source.format,
              encoding: source.encoding,
              mapping,
              rows: count,
              created: outcome.created,
              updated: outcome.updated.length,
              linked: outcome.linkedOnly,
              refused: new Set(refused.map((r) => r.line)).size,
              households: outcome.households,
            },
          });
          db.exec('COMMIT');
        }
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      db.close();
    }

    const refusedLines = new Set(refused.map((r) => r.line));
    let reportFile: string | null = null;
    if (refused.length > 0) {
      makePrivateDir(input.reportDir);
      reportFile = join(input.reportDir, `${input.importId}${REPORT_SUFFIX}`);
      await writeReport(input.file, reportFile, refused, PRIVATE_FILE_MODE);
    }
    const applied = outcome.created + outcome.updated.length + outcome.linkedOnly;
    return {
      importId: input.importId,
      dryRun: input.dryRun,
      cancelled: false,
      fileName,
      sha256,
      format: source.format,
      encoding: source.encoding,
      mapping,
      rows: count,
      applied,
      created: outcome.created,
      unchanged: count - applied - refusedLines.size,
      refused: refused.map((r) => ({ ...r, column: r.field === '' ? null : (headers!.find((h) => mapping[h] === r.field) ?? null) })),
      updated: outcome.updated,
      households: outcome.households,
      reportId: reportFile ? input.importId : null,
      reportFile,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    if (!(err instanceof Cancelled)) {
      const sqlite = String((err as { code?: unknown })?.code ?? '').startsWith('SQLITE');
      if (err instanceof AppError || sqlite || !(err instanceof Error)) throw err;
      // exceljs or the decoder gave up on the file: the administrator's problem, said so
      throw new AppError('VALIDATION', `导入文件无法读取：${err.message}`, { fields: [{ path: 'file', message: err.message }] });
    }
    return {
      importId: input.importId,
      dryRun: input.dryRun,
      cancelled: true,
      fileName,
      sha256,
      format: source.format,
      encoding: source.encoding,
      mapping,
      rows: count,
      applied: 0,
      created: 0,
      unchanged: 0,
      refused: [],
      updated: [],
      households: { created: 0, completed: 0, unchanged: 0 },
      reportId: null,
      reportFile: null,
      durationMs: Date.now() - started,
    };
  }
}
