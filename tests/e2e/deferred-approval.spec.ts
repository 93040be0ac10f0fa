import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { createStaff, shanghaiDay } from './support/intake';

const CLERK = { username: 'defclerk', password: 'defclerk-pass-1' };
const REVIEWER = { username: 'defrev1', password: 'defrev1-pass-1' };
const REVIEWER2 = { username: 'defrev2', password: 'defrev2-pass-1' };
const PERSON = { name: '蒋容缺', idNumber: makeId(845, '19700303', '310105') };

test('the case page shows the awaited 容缺 material beside the decision buttons, and 审批通过 waits for it', async ({ page, app }) => {
  await createStaff(app, CLERK.username, '蒋受理', ['clerk'], '4号窗口');
  await createStaff(app, REVIEWER.username, '审核丙', ['reviewer']);
  await createStaff(app, REVIEWER2.username, '审批丁', ['reviewer']);
  const resident = await app.apiAs(CLERK, 'residents.register', { idNumber: PERSON.idNumber, name: PERSON.name });
  const due = shanghaiDay(1);
  const taken = await app.apiAs(CLERK, 'cases.intake', {
    residentId: resident.id,
    itemCode: 'CL-SHBT-001',
    values: { disabilityType: '肢体', disabilityGrade: '二级', disabilityCertNo: '31010519700303845' },
    materials: ['application', 'idCard', 'hukou', 'disabilityCert', 'bankCard'].map((key) => ({ key, copies: 1 })),
    decision: 'accept_deferred',
    deferred: [{ key: 'hardshipProof', dueDate: due }],
    commitment: { signed: true },
    idempotencyKey: 'deferred-spec-1',
  });
  await app.apiAs(REVIEWER, 'cases.transition', { caseId: taken.case.id, action: 'advance', opinion: '初审通过' });

  await signIn(page, app, REVIEWER2);
  await page.goto(`${app.url}cases/${taken.case.id}`);
  const panel = page.getByRole('region', { name: '办理', exact: true });
  const awaited = panel.getByTestId('awaited-materials');
  await expect(awaited).toContainText(`“低保或低收入家庭证明”（约定 ${due} 前补交）`);
  await expect(awaited).toContainText('材料补齐后方可审批通过');
  await expect(panel.getByRole('button', { name: /^审批通过$/ })).toBeDisabled();
  await expect(panel.getByRole('button', { name: /^不予批准$/ })).toBeEnabled();

  // The material comes: the page no longer waits, 审批通过 is possible.
  await app.apiAs(CLERK, 'cases.supplyMaterials', { caseId: taken.case.id, materials: [{ key: 'hardshipProof', copies: 1 }] });
  await page.reload();
  await expect(page.getByTestId('case-no')).toHaveText(taken.case.caseNo);
  await expect(panel.getByTestId('awaited-materials')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: /^审批通过$/ })).toBeEnabled();
});
