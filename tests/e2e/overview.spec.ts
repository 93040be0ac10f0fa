/**
 * 中心概览 on generated data: the figures are the core's (overview.get), each opens the
 * case list behind it, and the charts are drawn.
 */
import { seedDatabase, DEMO_PASSWORD, type SeedResult } from '../../db/src/demo/generate';
import { expect, startApp, test } from './support/app';
import { screenShot } from './support/intake';

const UNTIL = '2026-11-20';

test('the centre head sees today, the open cases and this month, and each figure opens its list', async ({ page }) => {
  test.setTimeout(240_000);
  let seeded: SeedResult | null = null;
  const app = await startApp((dbPath) => {
    seeded = seedDatabase({ dbPath, residents: 300, cases: 2000, seed: 'overview-e2e', until: UNTIL });
  }, { env: { ONEWINDOW_TEST_NOW: `${UNTIL}T15:00:00+08:00` } });
  try {
    const head = { username: seeded!.accounts.find((a) => a.roles.includes('admin'))!.username, password: DEMO_PASSWORD };
    const o = await app.apiAs(head, 'overview.get');
    expect(o.intakes.total).toBeGreaterThan(0);
    expect(o.cases.overdue).toBeGreaterThan(0);

    await page.goto(app.url);
    const form = page.getByRole('form', { name: '登录' });
    await form.getByLabel('用户名').fill(head.username);
    await form.getByLabel('密码').fill(head.password);
    await form.getByRole('button', { name: /登录/ }).click();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '概览' }).click();
    await expect(page.getByRole('heading', { name: '中心概览' })).toBeVisible();
    await expect(page.getByTestId('overview-day')).toContainText(UNTIL);
    await expect(page.getByTestId('intakes-total')).toHaveText(String(o.intakes.total));
    await expect(page.getByTestId('cases-open')).toHaveText(String(o.cases.open));
    await expect(page.getByTestId('cases-overdue')).toHaveText(String(o.cases.overdue));
    await expect(page.getByTestId('cases-posting')).toHaveText(String(o.cases.inPosting));
    await expect(page.getByTestId('roster-beneficiaries')).toHaveText(String(o.roster.beneficiaries));
    await expect(page.getByTestId('satisfaction-rate')).toHaveText(o.ratings.month.rate === null ? '—' : `${o.ratings.month.rate.toFixed(2)}%`);
    const total = page.getByRole('table', { name: '本月与上月（按事项类别）' }).getByRole('row', { name: '合计' });
    await expect(total).toContainText(String(o.months.find((m) => m.family === null)!.current.received));
    // three charts: intakes by family, the overdue trend, satisfaction per month
    await expect(page.locator('.recharts-surface')).toHaveCount(3, { timeout: 15_000 });
    await screenShot(page, 'overview.png');

    // 已逾期 opens the case list filtered to the overdue cases
    await page.getByTestId('cases-overdue').click();
    await expect(page).toHaveURL(/\/cases\?deadline=overdue/);
    const list = page.getByRole('table', { name: '办件', exact: true });
    await expect(list.getByRole('row')).toHaveCount(Math.min(20, o.cases.overdue) + 1, { timeout: 15_000 });
    await page.goBack();

    // today's 受理 opens the day's accepted cases
    await page.getByTestId('intakes-accept').click();
    await expect(page).toHaveURL(/decision=accept/);
    await expect(page.getByTestId('extra-filters')).toContainText('受理决定：受理');
    await expect(list.getByRole('row')).toHaveCount(Math.min(20, o.intakes.byDecision.accept) + 1, { timeout: 15_000 });
    await page.goBack();

    // 待回访差评 opens the worklist's follow-up tab
    await page.getByTestId('follow-ups-open').click();
    await expect(page.getByRole('tab', { name: /差评回访/, selected: true })).toBeVisible();
  } finally {
    await app.stop();
  }
});
