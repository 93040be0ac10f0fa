/**
 * 待遇: a reviewer proposes a change of amount on the beneficiary's page; a second reviewer
 * finds it among the changes to confirm and confirms it; the page then shows it in force.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { makeId } from '../support/ids';
import { expect, signIn, startApp, test } from './support/app';
import { databaseWithApprovedBenefit, monthFromNow } from './support/approved-benefit';

const REV1 = { username: 'rev1', password: 'rev1-pass-1' };
const REV2 = { username: 'rev2', password: 'rev2-pass-1' };

test('a change of amount proposed by one reviewer and confirmed by another on the 待遇 screens', async ({ page }) => {
  test.setTimeout(180_000);
  const { path } = await databaseWithApprovedBenefit({
    monthsAgo: 3,
    resident: { idNumber: makeId(412, '19440404', '310104'), name: '钱阿公' },
    itemCode: 'MZ-JJYL-001',
    values: { livingAlone: true, monthlyPension: 2100, careGrade: '二级' },
    materials: () => ['application', 'idCard', 'hukou', 'assessmentReport', 'incomeProof'].map((key) => ({ key, copies: 1 })),
    advanceOpinion: '评估结果告知书核对无误',
    idempotencyKey: 'beneficiaries-spec-1',
  });
  const app = await startApp((dbPath) => copyFileSync(path, dbPath));
  try {
    await signIn(page, app, REV1);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '待遇' }).click();
    await expect(page.getByRole('heading', { name: '待遇', exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: '待确认的变更' })).toHaveCount(0);
    await expect(page.getByText('没有待确认的金额变更或停发')).toBeVisible();
    const row = page.getByRole('table', { name: '享受对象名单' }).getByRole('row', { name: '享受对象 钱阿公' });
    await expect(row).toContainText('居家养老服务补贴');
    await expect(row).toContainText('在保');
    await row.getByRole('link', { name: '钱阿公' }).click();

    // the month-by-month record: from the start month (the month after approval) to this one
    const months = page.getByRole('table', { name: '按月发放' });
    await expect(months.getByRole('row', { name: `月份 ${monthFromNow(0)}` })).toContainText('300.00 元');
    await expect(months.getByRole('row', { name: `月份 ${monthFromNow(-2)}` })).toContainText('300.00 元');
    await expect(months.getByRole('row', { name: `月份 ${monthFromNow(-3)}` })).toHaveCount(0);

    const propose = page.getByRole('form', { name: '提出待遇变更' });
    await propose.getByLabel('新的月发放金额（元）').fill('350');
    await propose.getByLabel('自何月起（YYYY-MM）').fill(monthFromNow(1));
    await propose.getByLabel('原因').fill('照护等级复评提高');
    await propose.getByRole('button', { name: '提出金额变更' }).click();
    const pending = page.getByTestId('pending-change');
    await expect(pending).toContainText(`自 ${monthFromNow(1)} 起每月改为 350.00 元`, { timeout: 15_000 });
    await expect(pending).toContainText('这是您提出的变更');
    await expect(pending.getByRole('button', { name: '确认变更' })).toHaveCount(0);

    // the second reviewer
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, app, REV2);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '待遇' }).click();
    const change = page.getByRole('table', { name: '待确认的变更' }).getByRole('row', { name: '变更 钱阿公' });
    await expect(change).toContainText(`自 ${monthFromNow(1)} 起每月 350.00 元`);
    await expect(change).toContainText('陈复核 提出');
    await expect(change).toContainText('可由您确认');
    await change.getByRole('link', { name: '钱阿公' }).click();
    await page.getByTestId('pending-change').getByRole('button', { name: '确认变更' }).click();
    await expect(page.getByTestId('pending-change')).toHaveCount(0, { timeout: 15_000 });
    const history = page.getByRole('list', { name: '发放变动记录' });
    await expect(history).toContainText('金额变更');
    await expect(history).toContainText('350.00 元');
    await expect(history).toContainText('（陈复核 提出）');
    await expect(page.getByTestId('benefit')).toContainText('每月 350.00 元');

    // the list no longer shows a change waiting
    await page.getByRole('link', { name: '← 待遇' }).click();
    await expect(page.getByText('没有待确认的金额变更或停发')).toBeVisible();
  } finally {
    await app.stop();
    rmSync(path, { force: true });
  }
});
