import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { createStaff, pickApplicant, pickItem, screenShot } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'dupclerk', password: 'dupclerk-pass-1' };
const REVIEWER = { username: 'duprev1', password: 'duprev1-pass-1' };
const REVIEWER2 = { username: 'duprev2', password: 'duprev2-pass-1' };
const PERSON = { name: '韩福寿', idNumber: makeId(733, '19500606', '310104') };
const LNJT = 'MZ-LNJT-001';

let firstCaseNo = '';

test.beforeAll(async ({ app }) => {
  await createStaff(app, CLERK.username, '韩受理', ['clerk'], '2号窗口');
  await createStaff(app, REVIEWER.username, '审核甲', ['reviewer']);
  await createStaff(app, REVIEWER2.username, '审批乙', ['reviewer']);
  const resident = await app.apiAs(CLERK, 'residents.register', { idNumber: PERSON.idNumber, name: PERSON.name });
  // 老年综合津贴 already approved and paid.
  const taken = await app.apiAs(CLERK, 'cases.intake', {
    residentId: resident.id,
    itemCode: LNJT,
    values: { accountBank: '上海银行' },
    materials: ['application', 'idCard', 'hukou', 'bankCard'].map((key) => ({ key, copies: 1 })),
    decision: 'accept',
    idempotencyKey: 'duplicate-spec-first',
  });
  firstCaseNo = taken.case.caseNo;
  await app.apiAs(REVIEWER, 'cases.transition', { caseId: taken.case.id, action: 'advance', opinion: '初审通过' });
  await app.apiAs(REVIEWER2, 'cases.transition', { caseId: taken.case.id, action: 'approve', opinion: '同意' });
});

test('a second 老年综合津贴: the warning, 不予受理 proposed with the reason, accepted only after the explicit confirmation', async ({ page, app }) => {
  await signIn(page, app, CLERK);
  await pickApplicant(page, PERSON.name, PERSON.name);
  await pickItem(page, 'MZ-LNJT', '老年综合津贴');

  const decision = page.getByRole('region', { name: '受理决定' });
  const warning = decision.getByTestId('duplicate-benefit');
  await expect(warning).toContainText(`申请人已享受老年综合津贴（办件 ${firstCaseNo}，自`);
  await expect(warning).toContainText('不予重复受理');
  // The default: 不予受理, its reason filled in.
  await expect(decision.getByRole('radio', { name: '不予受理（Alt+4）' })).toHaveAttribute('aria-checked', 'true');
  await expect(decision.getByLabel('不予受理理由')).toHaveValue(new RegExp(`^申请人已享受老年综合津贴（办件 ${firstCaseNo}，自\\d{4}-\\d{2}起），不予重复受理$`));
  await expect(page.getByRole('button', { name: '提交：不予受理（Ctrl+Enter）' })).toBeVisible();
  await screenShot(page, 'duplicate-default.png');

  // Choosing 受理 is not enough: the confirmation and its reason are asked for.
  await page.getByRole('region', { name: '申请表' }).getByLabel('发放银行').fill('上海农商银行');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await decision.getByRole('radio', { name: '受理（Alt+1）' }).click();
  const confirm = decision.getByRole('checkbox', { name: '情况有变化，确认仍予受理' });
  await expect(confirm).not.toBeChecked();
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  await expect(decision).toContainText('确需受理的，请勾选“情况有变化，确认仍予受理”');
  await expect(page.getByRole('region', { name: '受理结果' })).toHaveCount(0);

  await confirm.check();
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  await expect(decision).toContainText('请写明仍予受理的理由');
  await decision.getByLabel('仍予受理的理由').fill('情况有变化：发放银行账户变更，申请人要求重新办理');
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();

  // The confirmation is on the case's record.
  const found = await app.apiAs(CLERK, 'cases.get', { caseNo });
  expect(found.timeline[0]!.detail).toMatchObject({ duplicateConfirmed: { reason: '情况有变化：发放银行账户变更，申请人要求重新办理', caseNo: firstCaseNo } });
});
