import { describe, expect, it } from 'vitest';
import { placeErrors } from '../../renderer/src/features/catalogue/editor/errorPlacement';

const draft = {
  materials: [{ key: 'm1', name: '', copies: 1, form: 'copy' as const, required: true, deferrable: false }],
  fields: [],
  stages: [{ key: 's1', name: '审批', kind: 'approval' as const }],
};

describe('where the catalogue editor shows a refused save’s messages', () => {
  it('shows each message once: at its input, under its section, or below all sections', () => {
    const errors = {
      'definition.name': '请填写事项名称',
      'definition.materials.0.name': '请填写材料名称',
      'definition.materials.0': '材料不能同时为必交和可容缺',
      'definition.materials': '至少一件材料',
      'definition.fields.3.key': '字段标识重复',
      'definition.stages.0.kind': '最后一个环节须为审批',
      'definition.stages': '至少一个审批环节',
      'definition.recurring.amount': '金额须大于 0',
      'definition': '定义有误',
    };
    const placement = placeErrors(errors, draft);
    expect(placement.inSection.materials).toEqual([
      ['definition.materials.0', '材料不能同时为必交和可容缺'],
      ['definition.materials', '至少一件材料'],
    ]);
    // A row that is no longer in the draft has no input: its message is listed.
    expect(placement.inSection.fields).toEqual([['definition.fields.3.key', '字段标识重复']]);
    expect(placement.inSection.stages).toEqual([['definition.stages', '至少一个审批环节']]);
    expect(placement.elsewhere).toEqual([
      ['definition.recurring.amount', '金额须大于 0'],
      ['definition', '定义有误'],
    ]);
    // Nothing lost: every message is either at an input or in exactly one list.
    const listed = [...Object.values(placement.inSection).flat(), ...placement.elsewhere].map(([p]) => p);
    const atInputs = ['definition.name', 'definition.materials.0.name', 'definition.stages.0.kind'];
    expect([...listed, ...atInputs].sort()).toEqual(Object.keys(errors).sort());
  });
});
