import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';
import { FORM_LABELS } from '../../../../db/src/shared/vocabulary';

/** An item as catalogue.get returns it: the definition plus version and status metadata. */
export type CatalogueItem = HandlerOutput<'catalogue.get'>;
/** What catalogue.save takes: the definition alone. */
export type Definition = HandlerInput<'catalogue.save'>['definition'];
export type Material = NonNullable<Definition['materials']>[number];
export type FormField = NonNullable<Definition['fields']>[number];
export type Stage = Definition['stages'][number];

export const FIELD_TYPE_LABELS: Record<FormField['type'], string> = {
  text: '文本',
  number: '数字',
  money: '金额（元）',
  date: '日期',
  select: '下拉选择',
  boolean: '是 / 否',
};

export const STAGE_KIND_LABELS: Record<Stage['kind'], string> = {
  investigation: '入户调查',
  assessment: '评估',
  review: '审核',
  posting: '公示（停表）',
  approval: '审批（决定）',
  district: '待区级审核确认（移交区级决定）',
};

export const MATERIAL_FORM_LABELS: Record<Material['form'], string> = FORM_LABELS;

/**
 * The definition to save from what catalogue.get returned: the metadata fields the core adds
 * (version, savedAt, currentVersion, retired ...) are not part of a definition, and the
 * definition schema is strict.
 */
export function definitionOf(item: CatalogueItem): Definition {
  const { version: _v, savedAt: _s, currentVersion: _c, retired: _r, retiredAt: _ra, retiredReason: _rr, ...definition } = item;
  return definition;
}

/** "definition.materials.2.name" → "材料第 3 行 · 名称", for messages that have no input of their own. */
export function describePath(path: string): string {
  const parts = path.replace(/^definition\.?/, '').split('.');
  const section: Record<string, string> = {
    materials: '材料',
    fields: '表单字段',
    stages: '审批环节',
    aliases: '简称',
    recurring: '定期发放',
    eligibilityHints: '资格提示',
    cannotCombineWith: '互斥事项',
    repeatRule: '重复申请规则',
  };
  const head = parts[0] ?? '';
  if (head in section) {
    const idx = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? `第 ${Number(parts[1]) + 1} 行` : '';
    return `${section[head]}${idx}`;
  }
  return head || '事项';
}
