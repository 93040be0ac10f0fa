import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../db/src/exports/run';
import type { ColumnType } from '../../db/src/exports/layout';

const TYPE_WORDS: Record<string, ColumnType> = { 文本: 'text', 日期: 'date', 日期时间: 'datetime', 整数: 'integer', 金额: 'amount', 百分比: 'percent' };

/** Per kind: the layout version in its heading and the rows of its column table. */
function documentedLayouts() {
  const md = readFileSync(fileURLToPath(new URL('../../docs/exports.md', import.meta.url)), 'utf8');
  const out: Record<string, { version: number; columns: { name: string; type: string; meaning: string }[] }> = {};
  let current: string | null = null;
  for (const line of md.split('\n')) {
    const heading = /^## .*`(ledger|monthly|roster)`.*版式版本 (\d+)/.exec(line);
    if (heading) {
      current = heading[1]!;
      out[current] = { version: Number(heading[2]), columns: [] };
      continue;
    }
    if (line.startsWith('## ')) current = null;
    if (!current || !line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === '列' || /^-+$/.test(cells[0]!)) continue;
    out[current]!.columns.push({ name: cells[0]!, type: cells[1]!, meaning: cells[2]! });
  }
  return out;
}

describe('docs/exports.md documents every column the code writes', () => {
  const docs = documentedLayouts();
  for (const spec of Object.values(KINDS)) {
    it(`${spec.label} (${spec.kind})`, () => {
      expect(docs[spec.kind]?.version).toBe(spec.layoutVersion);
      const documented = docs[spec.kind]!.columns;
      expect(documented.map((c) => c.name)).toEqual(spec.columns.map((c) => c.name));
      expect(documented.map((c) => TYPE_WORDS[c.type])).toEqual(spec.columns.map((c) => c.type));
      for (const c of documented) expect(c.meaning.length, `meaning of ${c.name}`).toBeGreaterThan(1);
    });
  }
});
