import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shanghaiDate } from '../../db/src/shared/china-time';
import { makeId } from '../support/ids';
import { expect, signIn, startApp, test } from './support/app';
import { databaseWithHandedOffCase } from './support/handed-off';
import { openPrinted } from './support/intake';

const REV1 = { username: 'rev1', password: 'rev1-pass-1' };

test('导入区级决定: the reviewer checks and imports the district’s file with its row report, prints the report, and the printed 准予 notice names the 区民政局', async ({ page }) => {
  const prepared = await databaseWithHandedOffCase({ idNumber: makeId(421, '19480303', '310104'), name: '李桂英' });
  const app = await startApp((dbPath) => copyFileSync(prepared.path, dbPath));
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-decision-file-'));
  const file = join(dir, '区民政局决定.csv');
  const yesterday = shanghaiDate(new Date(Date.now() - 86_400_000));
  writeFileSync(
    file,
    [
      '\ufeff办件编号,决定（准予/不予）,决定文号,决定日期,月发放金额（元）,起始月份,理由',
      `${prepared.caseNo},准予,黄民特〔2026〕8号,${yesterday},1580.00,,`,
      `NO-SUCH-CASE,准予,黄民特〔2026〕9号,${yesterday},1580.00,,`,
    ].join('\r\n'),
  );
  try {
    await signIn(page, app, REV1);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '区级决定' }).click();
    await expect(page.getByRole('heading', { name: '导入区级决定', level: 2 })).toBeVisible();
    await page.getByLabel('决定文件路径').fill(file);

    // 核对: the row report, nothing recorded.
    await page.getByRole('button', { name: '核对', exact: true }).click();
    await expect(page.getByTestId('decision-summary')).toHaveText('核对结果（未记录）：可导入 1 行，未改动 0 行，不予导入 1 行', { timeout: 15_000 });
    const rows = page.getByTestId('decision-row');
    await expect(rows.nth(0)).toContainText('李桂英');
    await expect(rows.nth(0)).toContainText('可导入');
    await expect(rows.nth(1)).toContainText('NO-SUCH-CASE 不存在');
    await expect(page.getByRole('button', { name: '打印导入报告' })).toHaveCount(0);

    await page.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByTestId('decision-summary')).toHaveText('导入结果：已办结 1 行，未改动 0 行，不予导入 1 行', { timeout: 15_000 });
    await expect(rows.nth(0)).toContainText('已办结（准予），自');
    const report = await openPrinted(page, '打印导入报告');
    await expect(report.locator('.ow-title')).toHaveText('区级决定导入报告');
    await expect(report.getByTestId('report-row').nth(0)).toContainText(prepared.caseNo);
    await expect(report.getByTestId('report-row').nth(1)).toContainText('NO-SUCH-CASE 不存在');
    await report.close();

    // The worklist lists it under 待告知申请人; the case: closed by the district's decision,
    // waiting to be told; printing the notice tells.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办件' }).click();
    const worklist = page.getByRole('region', { name: '待办' });
    await worklist.getByRole('tab', { name: /待告知申请人/ }).click();
    await expect(worklist.getByRole('table', { name: '待告知申请人' })).toContainText('李桂英', { timeout: 15_000 });
    await worklist.getByRole('table', { name: '待告知申请人' }).getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`/cases/${prepared.caseId}$`));
    await expect(page.getByTestId('district-decision-line')).toContainText('经区民政局审核确认，准予（决定文号 黄民特〔2026〕8号', { timeout: 15_000 });
    await expect(page.getByRole('region', { name: '区级决定' })).toContainText('待告知申请人');
    const notice = await openPrinted(page, /打印办结通知/);
    await expect(notice.getByTestId('district-decision').first()).toHaveText(`经区民政局审核确认，准予（决定文号：黄民特〔2026〕8号，决定日期：${Number(yesterday.slice(0, 4))}年${Number(yesterday.slice(5, 7))}月${Number(yesterday.slice(8, 10))}日）。`);
    await expect(notice.locator('main')).not.toContainText('本中心决定');
    await expect(notice.locator('main')).toContainText('每月 1580.00 元');
    await notice.close();
    await expect(page.getByTestId('told')).toContainText(`告知申请人（已打印办结通知）`, { timeout: 15_000 });
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(prepared.path, { force: true });
  }
});
