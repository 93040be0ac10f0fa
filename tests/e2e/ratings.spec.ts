import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { createStaff, openPrinted, screenShot } from './support/intake';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const REVIEWER = { username: 'rev1', password: 'rev1-pass-1' };
const APPLICANT = { name: '褚国强', idNumber: makeId(171, '19580808', '310104') };
const ITEM = 'CL-SHBT-001';
const ALL_MATERIALS = ['application', 'idCard', 'hukou', 'disabilityCert', 'bankCard'].map((key) => ({ key, copies: 1 }));

test('the resident rates on the window’s rating screen after the receipt is printed; the counter sees only that a rating came; a 差评 is followed up by someone else', async ({ app, browser }) => {
  await createStaff(app, 'clerk1', '李受理', ['clerk'], '1号窗口');
  await createStaff(app, 'rev1', '赵审核', ['reviewer']);
  const resident = await app.apiAs(CLERK, 'residents.register', { idNumber: APPLICANT.idNumber, name: APPLICANT.name });
  const { case: c } = await app.apiAs(CLERK, 'cases.intake', {
    residentId: resident.id,
    itemCode: ITEM,
    values: { disabilityType: '肢体', disabilityGrade: '二级', disabilityCertNo: '3101000171' },
    materials: ALL_MATERIALS,
    decision: 'accept',
    idempotencyKey: 'ratings-spec-1',
  });

  // Two browser contexts: the counter (signed in) and the screen facing the resident (never signed in).
  const counterContext = await browser.newContext();
  const screenContext = await browser.newContext();
  try {
    const screen = await screenContext.newPage();
    await screen.goto(`${app.url}rate?window=${encodeURIComponent('1号窗口')}`);
    await expect(screen.getByTestId('rate-screen')).toContainText('服务评价（1号窗口）');
    await expect(screen.getByRole('status')).toHaveText('欢迎您！办理完成后，请在此为我们的服务评价');
    await expect(screen.getByRole('form', { name: '登录' })).toHaveCount(0);

    const counter = await counterContext.newPage();
    await signIn(counter, app, CLERK);
    await counter.goto(`${app.url}cases/${c.id}`);
    await expect(counter.getByTestId('case-no')).toBeVisible();
    const panel = counter.getByRole('region', { name: '评价' });
    await expect(panel).toContainText('尚未邀请评价');
    // The clerk has no way to enter a rating on their screen.
    await expect(counter.getByRole('group', { name: '评价等级' })).toHaveCount(0);

    // Printing the receipt offers the rating of the intake on window 1's screen.
    const receipt = await openPrinted(counter, /打印受理回执/);
    await receipt.close();
    await expect(counter.getByTestId('rating-offered')).toHaveText('已在1号窗口的评价屏上请群众评价（受理）');
    await expect(panel.getByTestId('rating-state')).toHaveText('等待群众在评价屏上评价');

    // The resident's screen shows the offer (no name of the resident) and takes a 不满意 with a reason.
    const levels = screen.getByRole('group', { name: '评价等级' });
    await expect(levels).toBeVisible({ timeout: 15_000 });
    await expect(screen.getByTestId('rate-screen')).toContainText('请您为本次“受理”评价');
    await expect(screen.getByTestId('rate-screen')).toContainText('工作人员 李受理');
    await expect(screen.getByTestId('rate-screen')).not.toContainText(APPLICANT.name);
    for (const level of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) await expect(levels.getByRole('button', { name: level, exact: true })).toBeVisible();
    await screenShot(screen, 'rate-offer.png');
    await levels.getByRole('button', { name: '不满意', exact: true }).click();
    const reasons = screen.getByRole('group', { name: '不满意原因' });
    await reasons.getByText('等候时间长').click();
    await screenShot(screen, 'rate-reasons.png');
    await screen.getByRole('button', { name: '提交评价' }).click();
    await expect(screen.getByRole('status')).toHaveText('感谢您的评价（不满意）！');
    // back to waiting
    await expect(screen.getByRole('status')).toHaveText('欢迎您！办理完成后，请在此为我们的服务评价', { timeout: 20_000 });

    // The counter learns that a rating came, not what it says.
    await expect(panel.getByTestId('rating-state')).toHaveText('已评价', { timeout: 15_000 });
    await expect(panel.getByTestId('rating')).toHaveCount(0);
    // not even that it was low: the 回访 is not shown to the rated person
    await expect(panel.getByTestId('follow-up')).toHaveCount(0);
    await expect(panel.getByRole('button', { name: /请群众评价：受理/ })).toHaveCount(0);
    await screenShot(counter, 'rate-counter.png');

    // The same service is not rated twice, whoever sends it.
    const serviceId = (await app.apiAs(REVIEWER, 'cases.get', { id: c.id })).services[0]!.id;
    await expect(app.apiRaw('cases.rate', { serviceId, score: 5 })).rejects.toThrow(/每次办理只评价一次/);

    // A reviewer sees the rating and closes the 回访 with its 整改.
    const back = await counterContext.newPage();
    await signIn(back, app, REVIEWER);
    await back.goto(`${app.url}cases/${c.id}`);
    const rp = back.getByRole('region', { name: '评价' });
    await expect(rp.getByTestId('rating')).toHaveText('2 分 · 不满意（等候时间长）');
    const followUp = rp.getByTestId('follow-up');
    await followUp.getByRole('textbox', { name: '回访情况' }).fill('电话回访，已致歉');
    await followUp.getByRole('textbox', { name: '整改情况' }).fill('高峰时段增开窗口');
    await followUp.getByRole('button', { name: '回访办结' }).click();
    await expect(followUp).toContainText('差评回访已办结（受理）');
    await expect(followUp).toContainText('电话回访，已致歉；整改：高峰时段增开窗口（赵审核');
  } finally {
    await counterContext.close();
    await screenContext.close();
  }
});

test('a clerk’s signed-in session cannot rate their own service', async ({ app }) => {
  const resident = await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(172, '19600101', '310104'), name: '卫红' });
  const { case: c } = await app.apiAs(CLERK, 'cases.intake', {
    residentId: resident.id,
    itemCode: ITEM,
    values: { disabilityType: '肢体', disabilityGrade: '二级', disabilityCertNo: '3101000172' },
    materials: ALL_MATERIALS,
    decision: 'accept',
    idempotencyKey: 'ratings-spec-2',
  });
  const offer = await app.apiAs(CLERK, 'cases.offerRating', { caseId: c.id, service: 'intake' });
  const { token } = await app.api('accounts.login', CLERK);
  await expect(app.apiRaw('cases.rate', { serviceId: offer.serviceId, score: 5 }, token)).rejects.toThrow(/不能为自己办理的业务评价/);
});
