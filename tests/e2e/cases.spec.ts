import type { Page } from '@playwright/test';
import { makeId } from '../support/ids';
import { expect, signIn, test, type RunningApp } from './support/app';
import { createStaff, openPrinted, printedText, screenShot } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const REVIEWER = { username: 'rev1', password: 'rev1-pass-1' };
const REVIEWER2 = { username: 'rev2', password: 'rev2-pass-1' };
const CLERK2 = { username: 'clerk2', password: 'clerk2-pass-1' };
/** A clerk who is also a reviewer: may review, never approve what they accepted. */
const BOTH = { username: 'both1', password: 'both1-pass-1' };

const PEOPLE = {
  approved: { name: '褚国强', idNumber: makeId(131, '19580808', '310104') },
  fourEyes: { name: '卫红', idNumber: makeId(242, '19660316', '310105') },
  stale: { name: '蒋明', idNumber: makeId(353, '19700707', '310106') },
  refused: { name: '沈一', idNumber: makeId(464, '19800202', '310107') },
};
const ids: Record<keyof typeof PEOPLE, number> = { approved: 0, fourEyes: 0, stale: 0, refused: 0 };

/** 残疾人生活补贴: 初审 → 审批, no 公示, 200 yuan a month by default. */
const ITEM = 'CL-SHBT-001';
const ALL_MATERIALS = ['application', 'idCard', 'hukou', 'disabilityCert', 'bankCard'].map((key) => ({ key, copies: 1 }));
let n = 0;

async function acceptAt(app: RunningApp, who: { username: string; password: string }, residentId: number) {
  const out = await app.apiAs(who, 'cases.intake', {
    residentId,
    itemCode: ITEM,
    values: { disabilityType: '肢体', disabilityGrade: '二级', disabilityCertNo: `3101${String(++n).padStart(6, '0')}` },
    materials: ALL_MATERIALS,
    decision: 'accept',
    idempotencyKey: `cases-spec-${residentId}-${n}`,
  });
  return out.case;
}

/** YYYY-MM of the month `n` months after this one (Shanghai). */
function nextMonth(n = 1): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1));
  return d.toISOString().slice(0, 7);
}

async function openCase(page: Page, app: RunningApp, id: number) {
  await page.goto(`${app.url}cases/${id}`);
  await expect(page.getByTestId('case-no')).toBeVisible();
}

async function act(page: Page, action: RegExp, opinion: string) {
  const panel = page.getByRole('region', { name: '办理', exact: true });
  await panel.getByRole('button', { name: action }).click();
  await panel.getByRole('textbox', { name: /意见/ }).fill(opinion);
  await panel.getByRole('button', { name: /^确认/ }).click();
  return panel;
}

test.beforeAll(async ({ app }) => {
  await createStaff(app, 'clerk1', '李受理', ['clerk'], '1号窗口');
  await createStaff(app, 'rev1', '赵审核', ['reviewer']);
  await createStaff(app, 'rev2', '钱审批', ['reviewer']);
  await createStaff(app, 'both1', '孙兼岗', ['clerk', 'reviewer'], '2号窗口');
  await createStaff(app, 'clerk2', '周受理', ['clerk'], '3号窗口');
  for (const [k, p] of Object.entries(PEOPLE)) {
    const r = await app.apiAs(CLERK, 'residents.register', { idNumber: p.idNumber, name: p.name });
    ids[k as keyof typeof PEOPLE] = r.id;
  }
});

test('a reviewer takes a case through its stages, a second approves it, and the resident shows an active benefit', async ({ page, app }) => {
  const c = await acceptAt(app, CLERK, ids.approved);
  await signIn(page, app, REVIEWER);
  // Reviewers start on the case desk.
  await expect(page).toHaveURL(/\/cases$/);
  const list = page.getByRole('table', { name: '办件' });
  await expect(list.locator(`[data-case-no="${c.caseNo}"]`)).toContainText('正常');
  await screenShot(page, 'case-desk.png');
  await list.getByRole('link', { name: c.caseNo }).click();
  await expect(page.getByTestId('case-no')).toHaveText(c.caseNo);
  await expect(page.getByRole('group', { name: '可进行的操作' })).toContainText('完成本环节（进入审批）');

  await act(page, /完成本环节/, '申请人持第二代残疾人证，户籍与家庭经济状况核实无误，同意上报审批。');
  await expect(page.locator('[data-stage-state="current"]')).toHaveText('审批·办理中');
  await expect(page.getByRole('region', { name: '办理进度' })).toContainText('赵审核');

  // 审核 and 审批 are different people: the reviewer of the earlier stage is refused.
  const panel = await act(page, /^审批通过$/, '符合残疾人生活补贴条件，准予发放。');
  await expect(panel.getByRole('alert')).toContainText('审批须由未参与本案前序环节的人员办理');
  await expect(page.locator('[data-status]').first()).toHaveText('办理中');
  await page.evaluate('sessionStorage.clear()');
  await signIn(page, app, REVIEWER2);
  await openCase(page, app, c.id);
  await act(page, /^审批通过$/, '符合残疾人生活补贴条件，准予发放。');
  await expect(page.locator('[data-status]').first()).toHaveText('办结（准予）');
  await expect(page.getByTestId('benefit')).toContainText('每月 200.00 元');
  const timeline = page.getByRole('region', { name: '办理进度' });
  await expect(timeline).toContainText('意见：符合残疾人生活补贴条件，准予发放。');
  await expect(timeline).toContainText('窗口受理');
  await screenShot(page, 'case-approved.png');

  const doc = await openPrinted(page, /打印办结通知/);
  await doc.screenshot({ path: test.info().outputPath('completion.png'), fullPage: true });
  const { text } = await printedText(doc, test.info().outputPath('completion.pdf'));
  expect(text).toContain('办结通知');
  expect(text).toContain('准予');
  expect(text).toContain('200.00');
  await doc.close();

  // The resident's profile: the case and the benefit being paid.
  await page.getByRole('region', { name: '基本信息' }).getByRole('link', { name: PEOPLE.approved.name }).click();
  const section = page.getByRole('region', { name: '办件与在保待遇' });
  await expect(section.getByTestId('active-benefit')).toContainText('残疾人生活补贴');
  await expect(section.getByTestId('active-benefit')).toContainText('在保');
  await expect(section.getByRole('table', { name: '居民的办件' })).toContainText(c.caseNo);
  await screenShot(page, 'resident-benefits.png');
});

test('a change of the benefit is a proposal until a second reviewer confirms it on the case page', async ({ page, app, browser }) => {
  const list = await app.apiAs(REVIEWER, 'beneficiaries.list', {});
  const benefit = list.items.find((b) => b.resident.name === PEOPLE.approved.name)!;
  // rev2 approved the case; rev1 proposes on the page where the benefit shows.
  await signIn(page, app, REVIEWER);
  await openCase(page, app, benefit.caseId);
  const panel = page.getByRole('region', { name: '待遇' });
  const form = panel.getByRole('form', { name: '提出待遇变更' });
  await expect(form).toContainText('须由另一位审核人员');
  await form.getByLabel('新的月发放金额（元）').fill('260');
  await form.getByLabel('自何月起（YYYY-MM）').fill(nextMonth());
  await form.getByLabel('原因').fill('标准调整');
  await form.getByRole('button', { name: '提出金额变更' }).click();
  const pending = panel.getByTestId('pending-change');
  await expect(pending).toContainText(`自 ${nextMonth()} 起每月改为 260.00 元`);
  await expect(pending).toContainText('这是您提出的变更，请等待另一位审核人员确认');
  await expect(panel.getByTestId('benefit')).toContainText('每月 200.00 元');
  await screenShot(page, 'benefit-proposal.png');

  // A second reviewer confirms it.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, app, REVIEWER2);
  await openCase(page2, app, benefit.caseId);
  const panel2 = page2.getByRole('region', { name: '待遇' });
  await panel2.getByRole('button', { name: '确认变更' }).click();
  await expect(panel2.getByTestId('benefit')).toContainText('每月 260.00 元');
  await expect(panel2.getByTestId('pending-change')).toHaveCount(0);

  // A stop proposed by rev2 is rejected by rev1 with a reason.
  const form2 = panel2.getByRole('form', { name: '提出待遇变更' });
  await form2.getByText('停发', { exact: true }).click();
  await form2.getByLabel('自何月起停发（YYYY-MM）').fill(nextMonth(2));
  await form2.getByLabel('原因').fill('迁出本区');
  await form2.getByRole('button', { name: '提出停发' }).click();
  await expect(panel2.getByTestId('pending-change')).toContainText(`自 ${nextMonth(2)} 起停发`);
  await other.close();
  await page.reload();
  await panel.getByLabel('驳回理由').fill('迁出尚未核实');
  await panel.getByRole('button', { name: '驳回' }).click();
  await expect(panel.getByTestId('pending-change')).toHaveCount(0);
  await expect(panel.getByTestId('benefit')).toContainText('在保');
});

test('the clerk who accepted a case is refused its approval with the four-eyes message', async ({ page, app }) => {
  const c = await acceptAt(app, BOTH, ids.fourEyes);
  await app.apiAs(REVIEWER, 'cases.transition', { caseId: c.id, action: 'advance', opinion: '初审通过' });
  await signIn(page, app, BOTH);
  await openCase(page, app, c.id);
  const panel = page.getByRole('region', { name: '办理', exact: true });
  await expect(panel).toContainText('审批人不能是受理人');
  await act(page, /^审批通过$/, '同意');
  await expect(panel.getByRole('alert')).toContainText('审批人不能是受理人：您受理了此办件，不能作出审批决定');
  await expect(page.locator('[data-status]').first()).toHaveText('办理中');
  await screenShot(page, 'four-eyes.png');
});

test('an illegal step (taken meanwhile by someone else) is refused in Chinese next to the action', async ({ page, app }) => {
  const c = await acceptAt(app, CLERK, ids.stale);
  await signIn(page, app, REVIEWER);
  await openCase(page, app, c.id);
  // The reviewer has begun the step when someone else takes it: the page, told of the change
  // (live updates), does not refresh under the form being filled in.
  const panel = page.getByRole('region', { name: '办理', exact: true });
  await panel.getByRole('button', { name: /完成本环节/ }).click();
  await app.apiAs(REVIEWER2, 'cases.transition', { caseId: c.id, action: 'advance', opinion: '初审通过' });
  await expect(page.getByTestId('changed-elsewhere').getByRole('button', { name: '刷新' })).toBeVisible();
  await panel.getByRole('textbox', { name: /意见/ }).fill('初审通过');
  await panel.getByRole('button', { name: /^确认/ }).click();
  // The rules' own words: what the state is, what was refused, what is possible now.
  await expect(panel.getByRole('alert')).toContainText('当前状态为“办理中·审批”，不能“完成本环节”（可进行：审批通过、不予批准');
  // The page has caught up with the case meanwhile: the approval stage's actions are offered.
  await expect(page.getByRole('group', { name: '可进行的操作' }).getByRole('button', { name: '审批通过' })).toBeVisible();
  await expect(panel.getByRole('alert')).toBeVisible();
});

test('the case list filters and pages with 下一页; a low rating opens a follow-up that is closed', async ({ page, app, browser }) => {
  for (let i = 0; i < 22; i++) {
    await app.apiAs(CLERK, 'cases.intake', {
      residentId: ids.refused,
      itemCode: 'MZ-LNJT-001',
      decision: 'refuse',
      refusal: { reason: `未满 65 周岁（第 ${i + 1} 次咨询）` },
      idempotencyKey: `refused-${i}-of-22`,
    });
  }
  await signIn(page, app, CLERK);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办件' }).click();
  await page.getByRole('combobox', { name: '状态', exact: true }).click();
  await page.getByRole('option', { name: '不予受理' }).click();
  const table = page.getByRole('table', { name: '办件' });
  await expect(table.locator('tbody tr')).toHaveCount(20);
  const pager = page.getByRole('navigation', { name: '办件分页' });
  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager).toContainText('第 2 页');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(pager.getByRole('button', { name: '下一页' })).toBeDisabled();
  await pager.getByRole('button', { name: '上一页' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(20);

  // Rating after the visit: the resident's, on the window's rating screen; never entered by the clerk.
  await table.getByRole('link').first().click();
  const rating = page.getByRole('region', { name: '评价' });
  await expect(rating).toContainText('尚未邀请评价');
  await expect(rating.getByRole('group', { name: '评价等级' })).toHaveCount(0);
  const other = await browser.newContext();
  const screen = await other.newPage();
  await screen.goto(`${app.url}rate?window=${encodeURIComponent('1号窗口')}`);
  await rating.getByRole('button', { name: '请群众评价：受理' }).click();
  // 非常不满意 opens a follow-up, done by another clerk.
  await screen.getByRole('group', { name: '评价等级' }).getByRole('button', { name: '非常不满意' }).click();
  await screen.getByRole('button', { name: '提交评价' }).click();
  await expect(screen.getByRole('status')).toHaveText('感谢您的评价（非常不满意）！');
  await other.close();
  await page.reload();
  await expect(rating.getByTestId('rating-state')).toHaveText('已评价');
  await expect(rating.getByTestId('rating')).toHaveCount(0);
  await expect(rating.getByTestId('follow-up')).toHaveCount(0);
  const colleague = await browser.newContext();
  const page2 = await colleague.newPage();
  await signIn(page2, app, CLERK2);
  await page2.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办件' }).click();
  const worklist = page2.getByRole('region', { name: '待办' });
  await worklist.getByRole('tab', { name: /差评回访/ }).click();
  await expect(worklist.getByRole('table', { name: '差评回访' })).toContainText('非常不满意');
  await worklist.getByRole('table', { name: '差评回访' }).getByRole('link').first().click();
  const rating2 = page2.getByRole('region', { name: '评价' });
  await rating2.getByLabel('回访情况').fill('已电话回访，说明高峰时段可网上预约，申请人表示理解。');
  await rating2.getByLabel('整改情况').fill('窗口公示网上预约方式');
  await rating2.getByRole('button', { name: '回访办结' }).click();
  await expect(rating2).toContainText('差评回访已办结');
  await colleague.close();
});
