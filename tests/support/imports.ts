import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

export interface ImportSite {
  file: string;
  specifier: string;
  /** `import type …` / `export type … from`: erased at build time */
  typeOnly: boolean;
  /** the repository-relative path a relative specifier points at (no extension), else null */
  target: string | null;
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path);
  }
  return out;
}

// Static imports and re-exports (`import x from`, `import type {…} from`, `export … from`,
// bare `import '…'`) and dynamic `import('…')`.
const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(file: string): ImportSite[] {
  const text = readFileSync(file, 'utf8');
  const sites: ImportSite[] = [];
  const site = (specifier: string, typeOnly: boolean): ImportSite => ({
    file: relative(REPO, file).split(sep).join('/'),
    specifier,
    typeOnly,
    target: specifier.startsWith('.')
      ? relative(REPO, resolve(dirname(file), specifier)).split(sep).join('/').replace(/\.(ts|tsx|js)$/, '')
      : null,
  });
  for (const m of text.matchAll(STATIC)) sites.push(site(m[3]!, Boolean(m[2])));
  for (const m of text.matchAll(DYNAMIC)) sites.push(site(m[1]!, false));
  return sites;
}
