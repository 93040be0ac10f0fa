import { makeId } from '../support/ids';
import { ADMIN, expect, signIn, test } from './support/app';
import { createStaff, screenShot } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const REVIEWER = { username: 'rev1', password: 'rev1-pass-1' };
const APPROVER = { username: 'rev2', password: 'rev2-pass-1' };
const LNJT = 'MZ-LNJT-001';

/** YYYY-MM of the month `n` months after this one (Shanghai). */
function monthFromNow(n: number): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1)).toISOString().slice(0, 7);
}

test('老年综合津贴 approved at 79: the approval form shows the tier and the 80th-birthday step; the benefit shows it by month and in its history', async ({ page, app }) => {
  await createStaff(app, 'clerk1', '李受理', ['clerk'], '1号窗口');
  await createStaff(app, 'rev1', '赵审核', ['reviewer']);
  await createStaff(app, 'rev2', '钱审批', ['reviewer']);
  // 80 on the 15th four months from now: paid 180 元 from the month after (the seed's rule).
  const birthdayMonth = monthFromNow(4);
  const birth = `${Number(birthdayMonth.slice(0, 4)) - 80}${birthdayMonth.slice(5)}15`;
  const stepMonth = monthFromNow(5);
  const resident = await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(171, birth, '310104'), name: '钱老伯' });
  const item = await app.apiAs(CLERK, 'catalogue.get', { code: LNJT });
  const c = (
    await app.apiAs(CLERK, 'cases.intake', {
      residentId: resident.id,
      itemCode: LNJT,
      values: { accountBank: '上海银行' },
      materials: item.materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies })),
      decision: 'accept',
      idempotencyKey: 'age-steps-spec-1',
    })
  ).case;
  await app.apiAs(REVIEWER, 'cases.transition', { caseId: c.id, action: 'advance', opinion: '年龄、户籍核实无误' });

  await signIn(page, app, APPROVER);
  await page.goto(`${app.url}cases/${c.id}`);
  await expect(page.getByTestId('case-no')).toBeVisible();
  const panel = page.getByRole('region', { name: '办理', exact: true });
  await panel.getByRole('button', { name: /^审批通过$/ }).click();
  const hint = panel.getByTestId('approval-amount-hint');
  await expect(hint).toContainText(`自 ${monthFromNow(1)} 起每月 150.00 元（79岁，70–79岁档）`);
  await expect(hint.getByTestId('approval-next-step')).toContainText(`满80周岁后自${stepMonth}起每月180元`);
  await screenShot(page, 'approval-age-tier-hint.png');
  await panel.getByRole('textbox', { name: /意见/ }).fill('符合老年综合津贴条件，准予发放。');
  await panel.getByRole('button', { name: /^确认/ }).click();
  await expect(page.locator('[data-status]').first()).toHaveText('办结（准予）');

  const benefit = page.getByRole('region', { name: '待遇' });
  await expect(benefit.getByTestId('benefit-next-step')).toContainText(`自 ${stepMonth} 起每月 180.00 元`);
  const step = benefit.locator('[data-testid="benefit-history-row"][data-rule="age_tier"]').first();
  await expect(step).toContainText(stepMonth);
  await expect(step).toContainText('年龄档调整');
  await expect(step).toContainText('年满80周岁，按新年龄档发放');
  // The amount of a chosen month: 150 before the step, 180 from it.
  const month = benefit.getByLabel('查看月份');
  await month.fill(monthFromNow(4));
  await expect(benefit.getByTestId('benefit-month-amount')).toHaveText(`${monthFromNow(4)} 发放 150.00 元`);
  await month.fill(stepMonth);
  await expect(benefit.getByTestId('benefit-month-amount')).toHaveText(`${stepMonth} 发放 180.00 元`);
  await screenShot(page, 'benefit-age-step.png');

  // The resident's benefits, for the month chosen there.
  await page.goto(`${app.url}residents/${resident.id}`);
  const section = page.getByRole('region', { name: '办件与在保待遇' });
  await section.getByLabel('发放月份').fill(stepMonth);
  await expect(section.getByTestId('active-benefit')).toContainText('180.00 元');
  await screenShot(page, 'resident-benefits-by-month.png');
});

test('the catalogue editor sets the month an age-tier step is paid from and the range of a typed amount', async ({ page, app }) => {
  await signIn(page, app, ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: '事项目录' }).click();
  const search = page.getByLabel('查找事项');
  await search.fill('老年综合津贴');
  await expect(page.getByRole('table', { name: '事项目录' }).getByRole('row', { name: /老年综合津贴/ })).toBeVisible();
  await search.press('Enter');
  const before = await app.apiAs(ADMIN, 'catalogue.get', { code: LNJT });
  await expect(page.getByTestId('item-version')).toHaveText(`第 ${before.version} 版`);
  await page.getByRole('button', { name: /编辑/ }).click();
  const section = page.getByRole('form', { name: '编辑事项' }).getByRole('region', { name: '按月发放金额规则' });
  await expect(section.getByRole('combobox', { name: '年龄档调整起始月' })).toHaveValue('生日次月');
  await section.getByLabel('最低月发放金额（元）').fill('600');
  await section.getByLabel('最高月发放金额（元）').fill('500');
  await page.getByRole('button', { name: /保存为新版本/ }).click();
  // Refused, named in Chinese, nothing saved.
  await expect(page.getByText('最高月发放金额不能低于最低月发放金额').first()).toBeVisible();
  expect((await app.apiAs(ADMIN, 'catalogue.get', { code: LNJT })).version).toBe(before.version);
  await section.getByLabel('最低月发放金额（元）').fill('50');
  await section.getByRole('combobox', { name: '年龄档调整起始月' }).click();
  await page.getByRole('option', { name: '生日当月' }).click();
  await page.getByRole('button', { name: /保存为新版本/ }).click();
  await expect(page.getByTestId('item-version')).toHaveText(`第 ${before.version + 1} 版`);
  const after = await app.apiAs(ADMIN, 'catalogue.get', { code: LNJT });
  expect(after.recurring).toEqual({ ...before.recurring, tierStepFrom: 'birthday_month', minMonthlyAmount: 50, maxMonthlyAmount: 500 });
});
