import { validateDefinition, type ItemDefinition } from '../definition';
import { seedItems } from './items';

/** Every seed item through the same validator catalogue.save uses; throws on the first bad one. */
export function validatedSeed(): ItemDefinition[] {
  const codes = new Set(seedItems.map((d) => String(d.code).trim().toUpperCase()));
  if (codes.size !== seedItems.length) throw new Error('种子事项编码重复');
  return seedItems.map((raw, i) => {
    const r = validateDefinition(raw, codes);
    if (!r.ok) throw new Error(`种子事项 #${i}（${raw.code}）不合法：${r.issues.map((x) => `${x.path}：${x.message}`).join('；')}`);
    return r.definition;
  });
}
