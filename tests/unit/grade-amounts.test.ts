import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../db/src/catalogue/definition';
import { validatedSeed } from '../../db/src/catalogue/seed/validated';

/** An item paid by 照护等级, as an administrator would save it. */
function item(gradeAmounts: unknown, gradeField: Record<string, unknown> = {}) {
  return {
    code: 'TEST-JJYL-001',
    name: '测试居家养老补贴',
    family: 'elderly_care',
    department: '民政',
    fields: [
      { key: 'careGrade', label: '照护等级', type: 'select', required: true, options: ['二级', '三级', '四级'], ...gradeField },
      { key: 'note', label: '说明', type: 'text' },
    ],
    timeLimitDays: 20,
    stages: [{ key: 'approval', name: '审批', kind: 'approval' }],
    recurring: { gradeAmounts },
    annualReview: true,
  };
}

const table = (...rows: [string, number][]) => rows.map(([grade, monthlyAmount]) => ({ grade, monthlyAmount }));
const issues = (raw: unknown) => {
  const r = validateDefinition(raw, new Set(), 'definition');
  return r.ok ? [] : r.issues;
};

describe('the grade table of an item paid by assessed grade (recurring.gradeAmounts)', () => {
  it('accepts a table with one amount for every option of a select field', () => {
    const r = validateDefinition(item({ field: 'careGrade', amounts: table(['二级', 300], ['三级', 400], ['四级', 500]) }), new Set());
    expect(r.ok && r.definition.recurring?.gradeAmounts?.amounts.map((a) => a.monthlyAmount)).toEqual([300, 400, 500]);
  });

  it('refuses a field that does not exist or is not a select', () => {
    expect(issues(item({ field: 'level', amounts: table(['二级', 300]) }))).toEqual([
      { path: 'definition.recurring.gradeAmounts.field', message: '等级字段“level”不在表单字段中' },
    ]);
    expect(issues(item({ field: 'note', amounts: table(['二级', 300]) }))).toEqual([
      { path: 'definition.recurring.gradeAmounts.field', message: '等级字段“说明”应为下拉（select）类型' },
    ]);
  });

  it('refuses a grade option without an amount, a grade that is no option, and a grade given twice', () => {
    expect(issues(item({ field: 'careGrade', amounts: table(['二级', 300], ['三级', 400]) }))).toEqual([
      { path: 'definition.recurring.gradeAmounts.amounts', message: '等级“四级”没有设置每月金额' },
    ]);
    expect(issues(item({ field: 'careGrade', amounts: table(['二级', 300], ['三级', 400], ['四级', 500], ['七级', 900]) }))).toEqual([
      { path: 'definition.recurring.gradeAmounts.amounts.3.grade', message: '等级“七级”不是字段“照护等级”的选项' },
    ]);
    expect(issues(item({ field: 'careGrade', amounts: table(['二级', 300], ['三级', 400], ['三级', 450], ['四级', 500]) }))).toEqual([
      { path: 'definition.recurring.gradeAmounts.amounts.2.grade', message: '等级“三级”的金额重复' },
    ]);
  });

  it('refuses a negative or sub-fen amount and an empty table, in Chinese', () => {
    const bad = issues(item({ field: 'careGrade', amounts: table(['二级', -1], ['三级', 400.005], ['四级', 500]) }));
    expect(bad.map((i) => i.path)).toEqual(['definition.recurring.gradeAmounts.amounts.0.monthlyAmount', 'definition.recurring.gradeAmounts.amounts.1.monthlyAmount']);
    expect(bad.map((i) => i.message)).toEqual(['每月金额不能为负数', '每月金额最多保留两位小数（元、角、分）']);
    expect(issues(item({ field: 'careGrade', amounts: [] }))).toEqual([{ path: 'definition.recurring.gradeAmounts.amounts', message: '至少需要一个等级的金额' }]);
  });

  it('the seed 居家养老服务补贴 pays by 照护等级 二级–六级, requires the grade and the assessment notice, and takes part in the annual review', () => {
    const jjyl = validatedSeed().find((d) => d.code === 'MZ-JJYL-001')!;
    expect(jjyl.recurring?.gradeAmounts?.field).toBe('careGrade');
    expect(jjyl.recurring?.gradeAmounts?.amounts.map((a) => a.grade)).toEqual(['二级', '三级', '四级', '五级', '六级']);
    expect(jjyl.fields.find((f) => f.key === 'careGrade')).toMatchObject({ type: 'select', required: true });
    expect(jjyl.materials.find((m) => m.key === 'assessmentReport')).toMatchObject({ required: true });
    expect(jjyl.annualReview).toBe(true);
    expect(jjyl.description).toContain('示例');
  });
});
