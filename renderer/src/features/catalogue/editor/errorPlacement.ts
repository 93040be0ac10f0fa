/**
 * Where the editor shows each message of a refused save. A message whose path has an input
 * of its own shows at that input; the rest are listed under their section's table (a
 * material without a name: `materials.2`), or below all sections. Pure, so that no message
 * can be lost between the inputs (tests/unit/catalogue-error-placement.test.ts).
 */
import type { Definition } from '../catalogueLabels';

const SECTIONS = ['materials', 'fields', 'stages'] as const;
export type RowSection = (typeof SECTIONS)[number];

const INPUTS: Record<RowSection, readonly string[]> = {
  materials: ['key', 'name', 'copies', 'form', 'note'],
  fields: ['key', 'label', 'type', 'options', 'min', 'max', 'maxLength', 'help'],
  stages: ['key', 'name', 'kind', 'minDays'],
};
const TOP_INPUTS = ['name', 'department', 'timeLimitDays', 'extensionDays', 'description'];

export interface Placement {
  /** messages of `section` that no input of a row shows */
  inSection: Record<RowSection, [path: string, message: string][]>;
  /** messages of no section (the item as a whole, settings without an input) */
  elsewhere: [path: string, message: string][];
}

export function placeErrors(errors: Record<string, string>, draft: Pick<Definition, 'materials' | 'fields' | 'stages'>): Placement {
  const placed = new Set(TOP_INPUTS.map((k) => `definition.${k}`));
  for (const section of SECTIONS) {
    (draft[section] ?? []).forEach((_, i) => INPUTS[section].forEach((k) => placed.add(`definition.${section}.${i}.${k}`)));
  }
  const leftovers = Object.entries(errors).filter(([p]) => !placed.has(p));
  const of = (section: RowSection) => (p: string) => p === `definition.${section}` || p.startsWith(`definition.${section}.`);
  return {
    inSection: { materials: leftovers.filter(([p]) => of('materials')(p)), fields: leftovers.filter(([p]) => of('fields')(p)), stages: leftovers.filter(([p]) => of('stages')(p)) },
    elsewhere: leftovers.filter(([p]) => !SECTIONS.some((s) => of(s)(p))),
  };
}
