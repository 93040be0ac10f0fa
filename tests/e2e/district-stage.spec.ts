import Database from 'better-sqlite3';
import { makeId } from '../support/ids';
import { handOffForTest } from '../support/district-stage';
import { ADMIN, expect, signIn, test } from './support/app';
import { createStaff, shanghaiDay } from './support/intake';

const CLERK = { username: 'distclerk', password: 'distclerk-pass-1' };
const ASSESSOR = { username: 'distrev1', password: 'distrev1-pass-1' };
const REVIEWER = { username: 'distrev2', password: 'distrev2-pass-1' };

test('a 长护险评估 case at 待区级审核确认: no 审批 buttons, who decides, waiting for and then after the hand-off, whose clock runs', async ({ page, app }) => {
  await createStaff(app, CLERK.username, '钱受理', ['clerk'], '2号窗口');
  await createStaff(app, ASSESSOR.username, '孙评估', ['reviewer']);
  await createStaff(app, REVIEWER.username, '周审核', ['reviewer']);
  const resident = await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(851, '19480212', '310105'), name: '吴长护' });
  const item = await app.apiAs(CLERK, 'catalogue.get', { code: 'YB-CHXP-001' });
  expect(item).toMatchObject({ decidedBy: '区医保局', districtTimeLimitDays: 10 });
  const taken = await app.apiAs(CLERK, 'cases.intake', {
    residentId: resident.id,
    itemCode: 'YB-CHXP-001',
    values: { insuranceType: '职工医保', assessmentAddress: '长宁路 8 弄 3 号', contactPhone: '13800138000', reassessment: false },
    materials: item.materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies })),
    decision: 'accept',
    idempotencyKey: 'district-stage-spec-1',
  });
  const id = taken.case.id;
  await app.apiAs(ASSESSOR, 'cases.transition', { caseId: id, action: 'advance', opinion: '上门评估完成，移交区医保局确认' });

  await signIn(page, app, REVIEWER);
  await page.goto(`${app.url}cases/${id}`);
  await expect(page.getByTestId('case-no')).toHaveText(taken.case.caseNo);
  const panel = page.getByRole('region', { name: '办理', exact: true });
  await expect(panel.getByRole('heading', { name: '办理：待区级审核确认' })).toBeVisible();
  await expect(panel.getByRole('button', { name: '撤回' })).toBeVisible();
  await expect(panel.getByRole('button', { name: /审批通过|不予批准/ })).toHaveCount(0);
  const district = page.getByRole('region', { name: '区级审核确认' });
  await expect(district).toContainText('本事项由区医保局审核确认');
  await expect(district.getByTestId('district-line')).toHaveText('待移交区医保局');
  const clock = page.getByTestId('case-clock');
  await expect(clock).toHaveText(new RegExp(`^本中心办理时限：${item.timeLimitDays} 个工作日，自 ${shanghaiDay()} 受理起，截止 \\d{4}-\\d{2}-\\d{2}$`));
  await expect(page.getByRole('region', { name: '基本信息' })).toContainText('决定机关区医保局');
  await page.screenshot({ path: test.info().outputPath('district-stage-waiting.png'), fullPage: true });

  // Handed off today, as the 移交 export does.
  const day = shanghaiDay();
  const db = new Database(app.dbPath);
  try {
    const wang = db.prepare('SELECT id, display_name AS name FROM users WHERE username = ?').get(ASSESSOR.username) as { id: number; name: string };
    handOffForTest(db, id, day, wang, new Date());
  } finally {
    db.close();
  }
  await page.reload();
  await expect(district.getByTestId('district-line')).toHaveText(`已于 ${day} 随移交包 310101001_handoff_${day} 移交区医保局`);
  await expect(clock).toHaveText(new RegExp(`^区医保局办理时限：10 个工作日，自 ${day} 移交起，截止 \\d{4}-\\d{2}-\\d{2}$`));
  await expect(clock).toHaveAttribute('data-owner', 'district');
  await expect(page.locator('[data-deadline][data-owner="district"]').first()).toContainText('区级办理中');
  await expect(panel.getByRole('button', { name: /审批通过|不予批准/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('district-stage-handed-off.png'), fullPage: true });
});

test('the catalogue shows who decides; the editor hands an item back to the centre, its last stage becoming 审批', async ({ page, app }) => {
  await signIn(page, app, ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('tab', { name: '事项目录' }).click();
  await page.getByLabel('查找事项').fill('特困');
  await page.getByLabel('查找事项').press('Enter');
  await expect(page.getByText('区民政局（移交审核确认）')).toBeVisible();
  await expect(page.getByText('20 个工作日（自移交起）')).toBeVisible();
  const before = await app.apiAs(ADMIN, 'catalogue.get', { code: 'MZ-TK-001' });

  await page.getByRole('button', { name: /编辑/ }).click();
  const form = page.getByRole('form', { name: '编辑事项' });
  const decidedBy = form.getByLabel('决定机关');
  await expect(decidedBy).toHaveValue('区民政局');
  await expect(form.getByLabel('区级办理时限（工作日，自移交起）')).toHaveValue('20');
  const last = form.getByRole('table', { name: '审批环节（编辑）' }).getByRole('row', { name: `环节第 ${before.stages.length} 行` });
  await expect(last.getByLabel('环节类型')).toHaveValue('待区级审核确认（移交区级决定）');
  await decidedBy.fill('本中心');
  await expect(form.getByLabel('区级办理时限（工作日，自移交起）')).toHaveCount(0);
  await expect(last.getByLabel('环节类型')).toHaveValue('审批（决定）');
  await expect(last.getByLabel('环节名称')).toHaveValue('审批');
  await form.getByRole('button', { name: /保存为新版本/ }).click();
  await expect(page.getByTestId('item-version')).toHaveText(`第 ${before.version + 1} 版`);
  await expect(page.getByText('决定机关')).toBeVisible();
  const after = await app.apiAs(ADMIN, 'catalogue.get', { code: 'MZ-TK-001' });
  expect(after).toMatchObject({ decidedBy: 'centre', version: before.version + 1 });
  expect(after.districtTimeLimitDays).toBeUndefined();
  expect(after.stages.at(-1)).toMatchObject({ kind: 'approval', name: '审批' });
});
