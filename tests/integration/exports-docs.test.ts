import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../db/src/exports/run';
import type { ColumnType } from '../../db/src/exports/layout';

const TYPE_WORDS: Record<string, ColumnType> = { 文本: 'text', 日期: 'date', 日期时间: 'datetime', 整数: 'integer', 金额: 'amount', 百分比: 'percent' };

type Documented = { name: string; type: string; meaning: string }[];

/**
 * Per kind: the layout version in its heading and the rows of its column table; a kind of
 * several tables (移交包) has a `### 表 \`key\`` section per table, the first its main columns.
 */
function documentedLayouts() {
  const read = (name: string) => {
    try {
      return readFileSync(fileURLToPath(new URL(`../../docs/${name}`, import.meta.url)), 'utf8');
    } catch {
      return '';
    }
  };
  const md = read('exports.md');
  const out: Record<string, { version: number; columns: Documented; tables: Record<string, Documented> }> = {};
  let current: string | null = null;
  let table: string | null = null;
  for (const line of md.split('\n')) {
    const heading = /^## .*`(ledger|monthly|roster|handoff)`.*版式版本 (\d+)/.exec(line);
    if (heading) {
      current = heading[1]!;
      table = null;
      out[current] = { version: Number(heading[2]), columns: [], tables: {} };
      continue;
    }
    if (line.startsWith('## ') || line.startsWith('# ')) current = null;
    const sub = /^### .*`(\w+)`/.exec(line);
    if (current && sub) {
      table = sub[1]!;
      out[current]!.tables[table] = [];
      continue;
    }
    if (!current || !line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === '列' || /^-+$/.test(cells[0]!)) continue;
    const target = table === null ? out[current]!.columns : out[current]!.tables[table]!;
    target.push({ name: cells[0]!, type: cells[1]!, meaning: cells[2]! });
  }
  return out;
}

function expectDocumented(documented: Documented | undefined, columns: readonly { name: string; type: ColumnType }[]) {
  expect(documented?.map((c) => c.name)).toEqual(columns.map((c) => c.name));
  expect(documented!.map((c) => TYPE_WORDS[c.type])).toEqual(columns.map((c) => c.type));
  for (const c of documented!) expect(c.meaning.length, `meaning of ${c.name}`).toBeGreaterThan(1);
}

describe('docs/exports.md documents every column the code writes', () => {
  const docs = documentedLayouts();
  for (const spec of Object.values(KINDS)) {
    it(`${spec.label} (${spec.kind})`, () => {
      expect(docs[spec.kind]?.version).toBe(spec.layoutVersion);
      const doc = docs[spec.kind]!;
      if (spec.fileKey) {
        expectDocumented(doc.tables[spec.fileKey], spec.columns);
        for (const t of spec.tables ?? []) expectDocumented(doc.tables[t.key], t.columns);
        expect(Object.keys(doc.tables)).toEqual([spec.fileKey, ...(spec.tables ?? []).map((t) => t.key)]);
      } else expectDocumented(doc.columns, spec.columns);
    });
  }
});
