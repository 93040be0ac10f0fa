import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { makeId } from '../support/ids';
import { expect, signIn, startApp, test } from './support/app';
import { databaseWithApprovedBenefit, monthFromNow } from './support/approved-benefit';

const REV1 = { username: 'rev1', password: 'rev1-pass-1' };
const REV2 = { username: 'rev2', password: 'rev2-pass-1' };
const ID_NUMBER = makeId(411, '19500303', '310104');

/** A database where 老年综合津贴 (150 元) was approved four months ago: paid from three months ago. */
const databaseWithBenefit = () =>
  databaseWithApprovedBenefit({
    monthsAgo: 4,
    resident: { idNumber: ID_NUMBER, name: '钱老伯' },
    itemCode: 'MZ-LNJT-001',
    values: { accountBank: '上海银行' },
    materials: (core) => getItemVersion(core.db, 'MZ-LNJT-001').materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies })),
    advanceOpinion: '材料齐全',
    idempotencyKey: 'payment-returns-spec-1',
  });

test('银行回盘: the reviewer imports a return with its row report, proposes the 补发 of the failure, a second reviewer confirms it', async ({ page }) => {
  const prepared = await databaseWithBenefit();
  const app = await startApp((dbPath) => copyFileSync(prepared.path, dbPath));
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-return-file-'));
  const month = monthFromNow(-1);
  const file = join(dir, `${month} 回盘.csv`);
  writeFileSync(
    file,
    [
      '\ufeff发放月份,身份证号码,姓名,银行账号,发放金额（元）,办件编号,结果,失败原因',
      `${month},${ID_NUMBER},钱老伯,6222021001001234567,150.00,${prepared.caseNo},失败,账户已销户`,
      `${month},${ID_NUMBER},钱老伯,6222021001001234567,150.00,NO-SUCH-CASE,成功,`,
    ].join('\r\n'),
  );
  try {
    await signIn(page, app, REV1);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '回盘' }).click();
    await expect(page.getByRole('heading', { name: '银行回盘', level: 2 })).toBeVisible();
    await page.getByLabel('回盘文件路径').fill(file);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByText(`导入结果：${month} 可导入 1 行（成功 0，失败 1），不予导入 1 行`)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('table', { name: '不予导入的行' }).getByRole('row', { name: /^3 / })).toContainText('NO-SUCH-CASE 不存在');

    const failures = page.getByRole('table', { name: '发放失败名单' });
    const row = failures.getByRole('row', { name: /钱老伯/ });
    await expect(row).toContainText('账户已销户');
    await expect(row).toContainText('150.00');
    await row.getByRole('button', { name: '申请补发' }).click();
    await page.getByLabel('补发原因').fill('原账户已销户，已更正为新账户');
    await page.getByRole('dialog').getByRole('button', { name: '申请补发' }).click();
    await expect(row).toContainText('待确认', { timeout: 15_000 });

    // The same person cannot confirm: refused with the reason on the screen.
    await row.getByRole('button', { name: '确认补发' }).click();
    await expect(page.getByText('不能确认本人提出的补发')).toBeVisible({ timeout: 15_000 });

    const [item] = (await app.apiAs(REV2, 'payments.failures', {})).items;
    await app.apiAs(REV2, 'payments.confirmReissue', { reissueId: item!.reissue!.id });
    await page.reload();
    await expect(page.getByRole('table', { name: '发放失败名单' }).getByRole('row', { name: /钱老伯/ })).toContainText(`已确认，${monthFromNow(0)} 补发`, { timeout: 15_000 });

    // The case's 待遇 panel shows the month's result.
    await page.goto(`${app.url}cases/1`);
    await expect(page.getByTestId('benefit-payments')).toContainText(`${month} 150.00 元：发放失败（账户已销户）`, { timeout: 15_000 });
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(prepared.path, { force: true });
  }
});
