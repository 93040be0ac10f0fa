import { copyFileSync, rmSync } from 'node:fs';
import { makeId } from '../support/ids';
import { ADMIN, ensureAdmin, expect, signIn, startApp, test } from './support/app';
import { databaseWithApprovedBenefit, monthFromNow } from './support/approved-benefit';

const REVIEWER = { username: 'rev1', password: 'rev1-pass-1' };

/**
 * A database where 居家养老服务补贴 (照护等级 二级) was approved 13 months ago, so that its
 * first annual review is due this month.
 */
const databaseWithBenefitDueNow = async () =>
  (
    await databaseWithApprovedBenefit({
      monthsAgo: 13,
      resident: { idNumber: makeId(411, '19430303', '310104'), name: '周阿婆' },
      itemCode: 'MZ-JJYL-001',
      values: { livingAlone: true, monthlyPension: 2100, careGrade: '二级' },
      materials: () => ['application', 'idCard', 'hukou', 'assessmentReport', 'incomeProof'].map((key) => ({ key, copies: 1 })),
      advanceOpinion: '评估结果告知书核对无误',
      idempotencyKey: 'annual-review-spec-1',
    })
  ).path;

test('the reviewer sees this month\'s due review and confirms it: the benefit continues, due again a year later', async ({ page }) => {
  const prepared = await databaseWithBenefitDueNow();
  const app = await startApp((dbPath) => copyFileSync(prepared, dbPath));
  try {
    await signIn(page, app, REVIEWER);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '复核' }).click();
    await expect(page.getByRole('heading', { name: '年度复核' })).toBeVisible();
    const list = page.getByRole('table', { name: '到期复核名单' });
    const row = list.getByRole('row', { name: '复核 周阿婆' });
    await expect(row).toContainText('居家养老服务补贴');
    await expect(row).toContainText('300.00 元');
    await expect(row).toContainText('二级');
    await expect(row).toContainText(`${monthFromNow(0)}（第 1 次）`);

    await row.getByRole('button', { name: '复核' }).click();
    const form = page.getByRole('form', { name: '复核结论' });
    await form.getByLabel('复核意见').fill('入户核实，照护需求未变，继续享受');
    await form.getByRole('button', { name: '记录复核结论' }).click();
    await expect(page.getByText(`已记录复核：维持，下次复核 ${monthFromNow(12)}`)).toBeVisible({ timeout: 15_000 });
    await expect(list).toContainText(`${monthFromNow(0)} 没有到期的复核`);

    // Next year's list holds it again; the case page shows the review and its outcome.
    await page.getByLabel('复核月份（YYYY-MM）').fill(monthFromNow(12));
    await expect(list.getByRole('row', { name: '复核 周阿婆' })).toContainText(`${monthFromNow(12)}（第 2 次）`);
    await page.goto(`${app.url}cases/1`);
    const reviews = page.getByTestId('benefit-reviews');
    await expect(reviews).toContainText(`下次 ${monthFromNow(12)}`);
    await expect(reviews).toContainText('陈复核 复核：维持——已生效');
  } finally {
    await app.stop();
    rmSync(prepared, { force: true });
  }
});

test('the administrator edits 居家养老服务补贴\'s amount per grade in the catalogue editor: a new version, shown on the item', async ({ page, app }) => {
  await ensureAdmin(app);
  const before = await app.apiAs(ADMIN, 'catalogue.get', { code: 'MZ-JJYL-001' });
  await signIn(page, app, ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: '事项目录' }).click();
  await page.getByLabel('查找事项').fill('居家养老');
  await page.getByRole('table', { name: '事项目录' }).getByRole('row', { name: /居家养老服务补贴/ }).click();
  await expect(page.getByText('二级 300 元、三级 400 元、四级 500 元、五级 600 元、六级 700 元')).toBeVisible();
  await page.getByRole('button', { name: /编辑/ }).click();
  const table = page.getByRole('form', { name: '编辑事项' }).getByRole('table', { name: '等级金额表（编辑）' });
  await table.getByLabel('四级每月金额').fill('550');
  await page.getByRole('button', { name: /保存为新版本/ }).click();
  await expect(page.getByTestId('item-version')).toHaveText(`第 ${before.version + 1} 版`);
  await expect(page.getByText('二级 300 元、三级 400 元、四级 550 元、五级 600 元、六级 700 元')).toBeVisible();
  const after = await app.apiAs(ADMIN, 'catalogue.get', { code: 'MZ-JJYL-001' });
  expect(after.recurring?.gradeAmounts?.amounts.find((a) => a.grade === '四级')?.monthlyAmount).toBe(550);
});
