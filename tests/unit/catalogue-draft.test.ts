import { describe, expect, it } from 'vitest';
import { draftReducer, type DraftAction } from '../../renderer/src/features/catalogue/catalogueDraft';
import type { Definition } from '../../renderer/src/features/catalogue/catalogueLabels';

const base: Definition = {
  code: 'MZ-DB',
  name: '最低生活保障',
  family: 'subsidy',
  department: '民政',
  timeLimitDays: 20,
  stages: [
    { key: 'check', name: '初审', kind: 'review' },
    { key: 'post', name: '公示', kind: 'posting', minDays: 7 },
  ],
  materials: [{ key: 'id', name: '身份证', copies: 1, form: 'original', required: true, deferrable: false, note: '原件核对' }],
  fields: [{ key: 'income', label: '月收入', type: 'money', required: true, min: 0, max: 99999 }],
} as Definition;

const play = (...actions: DraftAction[]) => actions.reduce(draftReducer, base);

describe('the catalogue item draft', () => {
  it('adds rows with the next free key and the defaults the editor shows', () => {
    const d = play({ type: 'addRow', section: 'materials' }, { type: 'addRow', section: 'fields' }, { type: 'addRow', section: 'stages' });
    expect(d.materials?.[1]).toEqual({ key: 'm2', name: '', copies: 1, form: 'copy', required: true, deferrable: false });
    expect(d.fields?.[1]).toEqual({ key: 'f2', label: '', type: 'text', required: false });
    expect(d.stages[2]).toEqual({ key: 's3', name: '', kind: 'review' });
  });

  it('a field changing type drops the settings the new type cannot have', () => {
    const select = play({ type: 'retypeField', index: 0, fieldType: 'select' });
    expect(select.fields?.[0]).toEqual({ key: 'income', label: '月收入', type: 'select', required: true, options: [] });
    const text = play({ type: 'retypeField', index: 0, fieldType: 'text' }, { type: 'replaceField', index: 0, field: { key: 'income', label: '月收入', type: 'text', maxLength: 20 } });
    expect(text.fields?.[0]).toEqual({ key: 'income', label: '月收入', type: 'text', maxLength: 20 });
  });

  it('a stage that becomes 公示 gets its 7 days; one that stops being 公示 loses them', () => {
    const d = play({ type: 'setStageKind', index: 0, kind: 'posting' }, { type: 'setStageKind', index: 1, kind: 'approval' });
    expect(d.stages).toEqual([
      { key: 'check', name: '初审', kind: 'posting', minDays: 7 },
      { key: 'post', name: '公示', kind: 'approval' },
    ]);
    expect(play({ type: 'setMinDays', index: 1, days: null }).stages[1]).toEqual({ key: 'post', name: '公示', kind: 'posting' });
  });

  it('moves stages within bounds, removes rows, and leaves an emptied note out', () => {
    expect(play({ type: 'moveStage', index: 0, by: 1 }).stages.map((s) => s.key)).toEqual(['post', 'check']);
    expect(play({ type: 'moveStage', index: 0, by: -1 })).toBe(base);
    expect(play({ type: 'removeRow', section: 'materials', index: 0 }).materials).toEqual([]);
    expect(play({ type: 'setNote', section: 'materials', index: 0, text: '' }).materials?.[0]).not.toHaveProperty('note');
    expect(play({ type: 'setNote', section: 'fields', index: 0, text: '按元填写' }).fields?.[0]?.help).toBe('按元填写');
    expect(play({ type: 'editRow', section: 'materials', index: 0, patch: { copies: 2 } }).materials?.[0]?.copies).toBe(2);
    expect(play({ type: 'set', key: 'name', value: '低保' }).name).toBe('低保');
  });

  it('who decides: an authority turns 审批 into 待区级审核确认; back to 本中心 turns it back and drops the district time limit', () => {
    const approval: Definition = { ...base, stages: [...base.stages, { key: 'approval', name: '审批', kind: 'approval' }, { key: 'own', name: '科长签批', kind: 'review' }] };
    const actions: DraftAction[] = [{ type: 'setDecidedBy', value: '区民政局' }, { type: 'set', key: 'districtTimeLimitDays', value: 10 }];
    const district = actions.reduce(draftReducer, approval);
    expect(district).toMatchObject({ decidedBy: '区民政局', districtTimeLimitDays: 10 });
    expect(district.stages.slice(2)).toEqual([
      { key: 'approval', name: '待区级审核确认', kind: 'district' },
      { key: 'own', name: '科长签批', kind: 'review' },
    ]);
    // typing another authority's name keeps the stage as it is
    expect(draftReducer(district, { type: 'setDecidedBy', value: '区医保局' }).stages).toEqual(district.stages);
    for (const value of ['本中心', '', 'centre']) {
      const back = draftReducer(district, { type: 'setDecidedBy', value });
      expect(back.decidedBy, value).toBe('centre');
      expect(back, value).not.toHaveProperty('districtTimeLimitDays');
      expect(back.stages[2], value).toEqual({ key: 'approval', name: '审批', kind: 'approval' });
    }
    // a renamed stage keeps its own name
    const renamed = draftReducer({ ...approval, stages: [{ key: 'sign', name: '主任签批', kind: 'approval' }] }, { type: 'setDecidedBy', value: '区残联' });
    expect(renamed.stages).toEqual([{ key: 'sign', name: '主任签批', kind: 'district' }]);
  });
});
