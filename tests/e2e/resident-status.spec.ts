import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { chineseDate, createStaff, openPrinted, printedText, screenShot, shanghaiDay } from './support/intake';
import { randomUUID } from 'node:crypto';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const REVIEWER = { username: 'rev1', password: 'rev1-pass-1' };
const APPROVER = { username: 'rev2', password: 'rev2-pass-1' };
const OLD = { name: '钱阿婆', idNumber: makeId(731, '19500308', '310101') };

/** 2026-12 → 2027-01 */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
const chineseMonth = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

test('a reviewer registers a death on the profile; the printed 停发通知书 shows the item and the stop month', async ({ page, app }) => {
  await createStaff(app, 'clerk1', '李受理', ['clerk'], '2号窗口');
  await createStaff(app, 'rev1', '王审核', ['reviewer']);
  await createStaff(app, 'rev2', '陈审批', ['reviewer']);
  const { id: residentId } = await app.apiAs(CLERK, 'residents.register', { idNumber: OLD.idNumber, name: OLD.name, hukouDistrict: '黄浦区' });
  // 老年综合津贴, approved and paid from this month.
  const today = shanghaiDay(0);
  const month = today.slice(0, 7);
  const item = await app.apiAs(CLERK, 'catalogue.get', { code: 'MZ-LNJT-001' });
  const { case: c } = await app.apiAs(CLERK, 'cases.intake', {
    residentId,
    itemCode: 'MZ-LNJT-001',
    values: { accountBank: '上海银行' },
    materials: item.materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies })),
    decision: 'accept',
    idempotencyKey: randomUUID(),
  });
  let view = await app.apiAs(REVIEWER, 'cases.transition', { caseId: c.id, action: 'advance', opinion: '初审通过' });
  while (view.case.stage?.kind !== 'approval') view = await app.apiAs(REVIEWER, 'cases.transition', { caseId: c.id, action: 'advance', opinion: '通过' });
  await app.apiAs(APPROVER, 'cases.transition', { caseId: c.id, action: 'approve', opinion: '同意', startMonth: month });

  await signIn(page, app, REVIEWER);
  await page.goto(`${app.url}residents/${residentId}`);
  await expect(page.getByTestId('resident-name')).toHaveText(OLD.name);
  await expect(page.getByTestId('resident-hukou')).toHaveText('本市户籍（黄浦区）');
  await page.getByRole('button', { name: '登记死亡' }).click();
  const form = page.getByRole('form', { name: '登记死亡' });
  await form.getByLabel('死亡日期').fill(today);
  await form.getByLabel('死亡证明编号').fill('SW-0731');
  await form.getByLabel('原因').fill('家属持死亡医学证明书报告');
  await form.getByRole('button', { name: '下一步：核对停发的待遇' }).click();
  const stop = nextMonth(month);
  // The confirmation names the benefit that will stop, and from when.
  await expect(form.getByTestId('benefits-to-stop')).toContainText(`老年综合津贴（每月 150.00 元，${c.caseNo}）：自 ${chineseMonth(stop)}起停发`);
  await screenShot(page, 'death-confirm.png');
  await form.getByRole('button', { name: '确认登记死亡' }).click();
  await expect(page.getByTestId('status-registered')).toContainText(`已停发 1 项待遇，自 ${chineseMonth(stop)}起不再发放`);
  await expect(page.getByTestId('resident-status')).toHaveText(`已死亡 ${today}`);

  // Printed from the registration dialog (the profile behind it offers the same notice).
  const doc = await openPrinted(page, () => page.getByRole('dialog').getByRole('button', { name: '打印停发通知书' }).click());
  await doc.screenshot({ path: test.info().outputPath('stop-notice.png'), fullPage: true });
  const sheet = doc.getByRole('region', { name: '停发通知书（家属留存）' });
  await expect(sheet.getByTestId('stopped-benefit')).toHaveCount(1);
  const { text, pages } = await printedText(doc, test.info().outputPath('stop-notice.pdf'));
  expect(pages).toBe(2);
  expect(text).toContain('停发通知书');
  expect(text).toContain(`${OLD.name}家属：`);
  expect(text).toContain(`已于${chineseDate(today)}死亡`);
  expect(text).toContain('老年综合津贴');
  expect(text).toContain(`自${chineseMonth(stop)}起`);
  expect(text).toContain('150.00');
  expect(text).toContain('SW-0731');
  expect(text).toContain('示范街道社区事务受理服务中心');

  // The profile keeps the notice at hand afterwards, and a new case for her is refused.
  await page.reload();
  await expect(page.getByRole('button', { name: '打印停发通知书' })).toBeVisible();
  await expect(page.getByRole('button', { name: '登记死亡' })).toHaveCount(0);
});
