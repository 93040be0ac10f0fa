/**
 * 移交包 from the 导出 screen (#18): a 低保 case walked through 公示 on a clock set back
 * three weeks waits at 待区级审核确认; the administrator chooses it in the list of cases
 * waiting to leave and hands it off today; the history shows the package and the case page
 * says when and in which package it left.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { openCore } from '../../db/src/core';
import { makeId } from '../support/ids';
import { ADMIN, expect, signIn, startApp, test } from './support/app';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const chinaDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The database, built through the handlers with a clock that starts 21 days ago and moves. */
async function databaseWithCaseAtDistrict(): Promise<{ path: string; caseNo: string; caseId: number }> {
  const path = join(mkdtempSync(join(tmpdir(), 'onewindow-handoff-')), 'prepared.sqlite');
  let now = new Date(`${chinaDay(-21)}T10:00:00+08:00`);
  const core = openCore({ dbPath: path, logger: quiet, now: () => now });
  const call = async (name: string, input: unknown, token: string | null = null) => {
    const res = await core.dispatch(name, input, token);
    if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
    return res.result as any;
  };
  try {
    await call('accounts.setup', ADMIN);
    const admin = await core.login(ADMIN.username, ADMIN.password);
    await call('accounts.create', { username: 'hoclerk', password: 'hoclerk-pass-1', displayName: '周受理', staffIdNumber: makeId(611, '19850505', '310104'), roles: ['clerk'] }, admin);
    await call('accounts.create', { username: 'horev', password: 'horev-pass-1', displayName: '吴复核', staffIdNumber: makeId(612, '19850505', '310104'), roles: ['reviewer'] }, admin);
    const clerk = await core.login('hoclerk', 'hoclerk-pass-1');
    const head = await call('residents.register', { idNumber: makeId(621, '19700305', '310104'), name: '邵国强' }, clerk);
    const wife = await call('residents.register', { idNumber: makeId(632, '19720611', '310104'), name: '林秀芳' }, clerk);
    const h = await call('households.create', { headResidentId: head.id, address: '天钥桥路 8 弄 1 号' }, clerk);
    await call('households.addMember', { householdId: h.id, residentId: wife.id, relation: '配偶' }, clerk);
    const materials = getItemVersion(core.db, 'MZ-DB-001').materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies }));
    const intake = await call(
      'cases.intake',
      {
        residentId: head.id,
        itemCode: 'MZ-DB-001',
        values: { housing: '公房租赁', hasVehicle: false, reason: '夫妻二人均无业' },
        means: { members: [{ residentId: head.id, monthlyIncome: 600, assets: 0 }, { residentId: wife.id, monthlyIncome: 0, assets: 0 }] },
        materials,
        decision: 'accept',
        idempotencyKey: 'handoff-spec-1',
      },
      clerk,
    );
    const caseId = intake.case.id as number;
    let reviewer = await core.login('horev', 'horev-pass-1');
    for (const opinion of ['入户调查属实', '初审同意', '民主评议通过']) await call('cases.transition', { caseId, action: 'advance', opinion }, reviewer);
    const ends = (core.db.prepare('SELECT posting_ends_on FROM cases WHERE id = ?').get(caseId) as { posting_ends_on: string }).posting_ends_on;
    now = new Date(`${ends}T10:00:00+08:00`);
    reviewer = await core.login('horev', 'horev-pass-1');
    await call('cases.transition', { caseId, action: 'advance', opinion: '公示期满无异议' }, reviewer);
    return { path, caseNo: intake.case.caseNo, caseId };
  } finally {
    core.close();
  }
}

test('移交包: the administrator hands the waiting 低保 case off today from the 导出 screen, and the case page names the package', async ({ page }) => {
  const prepared = await databaseWithCaseAtDistrict();
  const app = await startApp((dbPath) => copyFileSync(prepared.path, dbPath));
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-handoff-'));
  try {
    await app.apiAs(ADMIN, 'settings.update', { exportDir: dir, exportTime: '' });
    await signIn(page, app);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导出' }).click();
    const run = page.getByRole('form', { name: '立即导出' });
    await run.getByLabel('种类').selectOption('handoff');
    await expect(run.getByLabel('日期（YYYY-MM-DD）')).toHaveValue(chinaDay(-1));

    const list = run.getByRole('table', { name: '待移交办件列表' });
    const row = list.getByRole('row').filter({ hasText: prepared.caseNo });
    await expect(row).toContainText('最低生活保障');
    await expect(row).toContainText('邵国强');
    await expect(row).toContainText('区民政局');
    await row.getByRole('checkbox', { name: `选定 ${prepared.caseNo}` }).check();
    await run.getByRole('button', { name: '今天移交选定的 1 件' }).click();

    const folder = `310101001_handoff_${chinaDay()}`;
    await expect(page.getByText(`已移交 1 件，移交包 ${folder}`)).toBeVisible();
    await expect(run.getByText('没有待移交的办件')).toBeVisible();
    const history = page.getByRole('table', { name: '导出记录' }).getByRole('row').filter({ hasText: folder });
    await expect(history).toContainText('移交包');
    await expect(history).toContainText('成功');
    await history.getByRole('button', { name: /校验/ }).click();
    await expect(history.getByRole('status')).toHaveText('校验通过');
    expect(existsSync(join(dir, folder, `${folder}_cases.csv`))).toBe(true);
    expect(readFileSync(join(dir, folder, `${folder}_members.csv`), 'utf8')).toContain('林秀芳');

    await page.goto(`${app.url}cases/${prepared.caseId}`);
    // one line says it, in the 区级审核确认 panel
    await expect(page.getByTestId('district-line')).toHaveCount(1);
    await expect(page.getByTestId('district-line')).toHaveText(`已于 ${chinaDay()} 随移交包 ${folder} 移交区民政局`);
    await page.screenshot({ path: test.info().outputPath('handoff-case.png'), fullPage: true });
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
