import { test as base } from '@playwright/test';
import { makeId } from '../support/ids';
import { expect, signIn, startApp, type RunningApp } from './support/app';
import { chineseDate, chooseOption, createStaff, openPrinted, pickApplicant, pickItem, printedText, screenShot } from './support/intake';

// The host's clock stands on Monday 2026-12-21 (ONEWINDOW_TEST_NOW, honoured by the
// browser-mode host outside production only): a 20-working-day limit then ends in 2027,
// whose holidays are provisional because no 2027 notice is shipped.
const test = base.extend<{}, { provisionalApp: RunningApp }>({
  provisionalApp: [
    async ({}, use) => {
      const app = await startApp(undefined, { env: { ONEWINDOW_TEST_NOW: '2026-12-21T09:00:00+08:00' } });
      await use(app);
      await app.stop();
    },
    { scope: 'worker' },
  ],
});

const WARNING = '2027年放假安排尚未导入国务院通知，节假日为按法定节日推算的临时安排，办结时限可能变动';

test('the intake screen warns when the promised due date falls in a year with provisional holidays', async ({ page, provisionalApp: app }) => {
  const clerk = await createStaff(app, 'clerk7', '周受理', ['clerk'], '1号窗口');
  const person = { name: '郑跨年', idNumber: makeId(731, '19700505', '310104') };
  await app.apiAs(clerk, 'residents.register', person);

  await signIn(page, app, clerk);
  await expect(page).toHaveURL(/\/intake$/);
  await pickApplicant(page, person.idNumber.slice(-4), person.name);
  await pickItem(page, 'cjrsh', '残疾人生活补贴');
  // The precheck panel: 20 working days after 12/21, skipping 2027-01-01, is 2027-01-19.
  const panel = page.getByRole('complementary', { name: '受理前检查' });
  const notice = panel.getByTestId('due-date-provisional');
  await expect(notice).toContainText('承诺办结日期 2027-01-19（临时安排）');
  await expect(notice).toContainText(WARNING);

  await chooseOption(page, '残疾类别', '肢体');
  await chooseOption(page, '残疾等级', '二级');
  await page.getByRole('region', { name: '申请表' }).getByLabel('残疾人证号').fill('31010419700505731');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await page.getByLabel('低保或低收入家庭证明 实交份数').fill('1');
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  await expect(result.getByTestId('due-on')).toHaveText('2027-01-19');
  await expect(result.getByTestId('due-date-provisional')).toHaveText(WARNING);
  await screenShot(page, 'provisional-intake.png');
  // The receipt promises the same day (before the fix it counted 2027-01-01 and said 01-18).
  const doc = await openPrinted(page, '打印受理回执（Alt+P）');
  const { text } = await printedText(doc, test.info().outputPath('provisional-receipt.pdf'));
  expect(text).toContain(chineseDate('2027-01-19'));
  await doc.close();
});
