/**
 * The ledger's stage columns: stage keys become the names of the case's item version, and
 * the packed stage dates that the ledger query reads ('eventId|key|YYYY-MM-DD' entries
 * joined by ';') become '初审 2026-03-03；审批 2026-03-04', in timeline order.
 */
import type Database from 'better-sqlite3';
import { getItemVersion } from '../../catalogue/catalogue';

export type StageNames = ReadonlyMap<string, string>;

/**
 * Stage names per item version, parsed once: an export has a few hundred thousand rows
 * but only a few dozen item versions.
 */
export function stageNamesLookup(db: Database.Database): (code: string, version: number) => StageNames {
  const byCode = new Map<string, Map<number, StageNames>>();
  return (code, version) => {
    let versions = byCode.get(code);
    if (!versions) byCode.set(code, (versions = new Map()));
    let names = versions.get(version);
    if (!names) {
      names = new Map(getItemVersion(db, code, version).stages.map((s) => [s.key, s.name]));
      versions.set(version, names);
    }
    return names;
  };
}

/**
 * Packed 'id|key|day;id|key|day' → 'name day；name day' in event id order (timeline order);
 * a key the version lacks stays as it is. Neither separator occurs inside an entry: ids are
 * numbers, keys letters, digits and underscores (the catalogue's key rule), days dates.
 */
export function stageDatesText(names: StageNames, packed: string): string {
  return entriesText(names, packed, false);
}

function entriesText(names: StageNames, packed: string, sorted: boolean): string {
  // indexOf and slice rather than split and map: this runs once per exported case.
  let text = '';
  let start = 0;
  let lastId = -Infinity;
  for (;;) {
    const idEnd = packed.indexOf('|', start);
    const keyEnd = packed.indexOf('|', idEnd + 1);
    const end = packed.indexOf(';', keyEnd);
    let id = 0;
    for (let i = start; i < idEnd; i++) id = id * 10 + packed.charCodeAt(i) - 48;
    // group_concat promises no order. SQLite concatenates in the order it reads the
    // index (case_id, id), but should a plan ever change, the entries are sorted here.
    if (!sorted && !(id > lastId)) return entriesText(names, sortedById(packed), true);
    lastId = id;
    const key = packed.slice(idEnd + 1, keyEnd);
    text += `${names.get(key) ?? key} ${end === -1 ? packed.slice(keyEnd + 1) : packed.slice(keyEnd + 1, end)}`;
    if (end === -1) return text;
    text += '；';
    start = end + 1;
  }
}

function sortedById(packed: string): string {
  const entries = packed.split(';').map((entry) => ({ id: Number(entry.slice(0, entry.indexOf('|'))), entry }));
  return entries
    .sort((a, b) => a.id - b.id)
    .map((e) => e.entry)
    .join(';');
}
