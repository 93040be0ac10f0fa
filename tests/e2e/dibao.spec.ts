import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { chooseOption, createStaff, pickApplicant, pickItem } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'dbclerk', password: 'dbclerk-pass-1' };
const HEAD = { name: '蒋建华', idNumber: makeId(731, '19700305', '310104') };
const WIFE = { name: '沈美玲', idNumber: makeId(742, '19720611', '310104') };
const SON = { name: '蒋小峰', idNumber: makeId(753, '20060918', '310104') };

test.beforeAll(async ({ app }) => {
  await createStaff(app, CLERK.username, '顾受理', ['clerk'], '3号窗口');
  const ids: number[] = [];
  for (const p of [HEAD, WIFE, SON]) ids.push((await app.apiAs(CLERK, 'residents.register', { idNumber: p.idNumber, name: p.name })).id);
  const h = await app.apiAs(CLERK, 'households.create', { headResidentId: ids[0]!, address: '瞿溪路 100 弄 3 号' });
  await app.apiAs(CLERK, 'households.addMember', { householdId: h.id, residentId: ids[1]!, relation: '配偶' });
  await app.apiAs(CLERK, 'households.addMember', { householdId: h.id, residentId: ids[2]!, relation: '子女' });
});

test('the administrator sees the 低保标准 in force and adds one from a later date', async ({ page, app }) => {
  await signIn(page, app);
  await page.goto(`${app.url}admin`);
  const section = page.getByRole('region', { name: '低保标准' });
  const table = section.getByRole('table', { name: '低保标准列表' });
  await expect(table.getByRole('row', { name: /2025-04-01 起/ })).toContainText('1550.00');
  await expect(table.getByRole('row', { name: /2025-04-01 起/ })).toContainText('当前执行');
  const form = section.getByRole('form', { name: '添加低保标准' });
  // A date that does not exist is refused next to the date, in Chinese.
  await form.getByLabel('执行日期').fill('2099-02-30');
  await form.getByLabel('标准（元/人/月）').fill('1700');
  await form.getByRole('button', { name: '添加标准' }).click();
  await expect(form).toContainText('执行日期不是有效的日期');
  await form.getByLabel('执行日期').fill('2099-01-01');
  await form.getByRole('button', { name: '添加标准' }).click();
  await expect(table.getByRole('row', { name: /2099-01-01 起/ })).toContainText('待执行');
  await expect(table.getByRole('row', { name: /2099-01-01 起/ })).toContainText('1700.00');
  const saved = await app.apiAs(CLERK, 'settings.get', {});
  expect(saved.dibaoStandards).toEqual([
    { from: '2025-04-01', amount: 1550 },
    { from: '2099-01-01', amount: 1700 },
  ]);
  await page.screenshot({ path: test.info().outputPath('dibao-standards.png'), fullPage: true });
});

test('the clerk types each member’s income and sees the per-capita working live, and the case keeps it', async ({ page, app }) => {
  await signIn(page, app, CLERK);
  await pickApplicant(page, HEAD.name, HEAD.name);
  await pickItem(page, 'MZ-DB', '最低生活保障');
  const means = page.getByRole('region', { name: '家庭经济状况' });
  await expect(means.getByRole('table')).toContainText(WIFE.name);
  await means.getByLabel(`${HEAD.name}月收入`).fill('1200');
  await means.getByLabel(`${HEAD.name}财产`).fill('5000');
  await means.getByLabel(`${WIFE.name}月收入`).fill('800');
  const working = means.getByRole('alert', { name: '人均收入核算' });
  await expect(working).toContainText(`尚未填写${SON.name}的月收入和财产`);

  // 家庭人数 and 月收入合计 come from the members' rows: the form does not ask for them again.
  const form = page.getByRole('region', { name: '申请表' });
  await expect(form.getByLabel('共同生活家庭人数')).toHaveCount(0);
  await expect(form.getByLabel('家庭月收入合计（元）')).toHaveCount(0);
  await chooseOption(page, '住房情况', '公房租赁');
  await form.getByRole('radiogroup', { name: '家庭是否拥有机动车' }).getByRole('radio', { name: '否' }).check();
  await form.getByLabel('申请理由').fill('夫妻收入低，孩子在读');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  // Accepting without every member's means is refused, naming who is missing.
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  await expect(page.getByText(`受理时须填写每位家庭成员的月收入和财产：缺少${SON.name}`).first()).toBeVisible();
  await expect(page.getByRole('region', { name: '受理结果' })).toHaveCount(0);

  await means.getByLabel(`${SON.name}月收入`).fill('0');
  await expect(working).toContainText('总收入 2000.00 元 ÷ 3 人 = 人均 666.67 元，低于标准 1550.00 元');
  await expect(working).toContainText('（1550.00 − 666.67）× 3 = 2650.00 元');
  await page.screenshot({ path: test.info().outputPath('dibao-intake.png'), fullPage: true });
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();

  await page.goto(`${app.url}cases`);
  await page.getByRole('link', { name: caseNo }).first().click();
  const panel = page.getByRole('region', { name: '家庭经济状况核算' });
  await expect(panel).toContainText('人均 666.67 元');
  await expect(panel).toContainText('核算保障金额：（1550.00 − 666.67）× 3 = 2650.00 元');
  await expect(panel.getByRole('row', { name: new RegExp(HEAD.name) })).toContainText('5000.00');
});

test('a 一次性告知 case is accepted when the materials come with each member’s means, entered in 补交材料', async ({ page, app }) => {
  const head = (await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(764, '19650402', '310104'), name: '韩德明' })).id;
  const wife = (await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(775, '19680715', '310104'), name: '邵桂芳' })).id;
  const h = await app.apiAs(CLERK, 'households.create', { headResidentId: head, address: '瞿溪路 100 弄 5 号' });
  await app.apiAs(CLERK, 'households.addMember', { householdId: h.id, residentId: wife, relation: '配偶' });
  const item = await app.apiAs(CLERK, 'catalogue.get', { code: 'MZ-DB-001' });
  const materials = item.materials.filter((m) => m.required && m.key !== 'incomeProof').map((m) => ({ key: m.key, copies: m.copies }));
  const { case: c } = await app.apiAs(CLERK, 'cases.intake', {
    idempotencyKey: 'dibao-e2e-notify-0001',
    residentId: head,
    itemCode: 'MZ-DB-001',
    values: { housing: '借住', hasVehicle: false, reason: '夫妻均无固定收入' },
    materials,
    decision: 'notify_missing',
  });
  expect(c.status).toBe('waiting_materials');

  await signIn(page, app, CLERK);
  await page.goto(`${app.url}cases`);
  await page.getByRole('link', { name: c.caseNo }).first().click();
  const supply = page.getByRole('region', { name: '补交材料' });
  await supply.getByLabel('家庭成员收入证明 本次补交份数').fill('1');
  await supply.getByRole('button', { name: '登记补交' }).click();
  await expect(supply).toContainText('缺少韩德明、邵桂芳');
  const means = supply.getByRole('region', { name: '家庭经济状况' });
  await means.getByLabel('韩德明月收入').fill('600');
  await means.getByLabel('邵桂芳月收入').fill('0');
  await supply.getByRole('button', { name: '登记补交' }).click();
  // Accepted: the panel closes and the case shows the working from the members' rows.
  await expect(page.getByRole('region', { name: '家庭经济状况核算' })).toContainText('总收入 600.00 元 ÷ 2 人 = 人均 300.00 元');
  await expect(page.getByRole('region', { name: '补交材料' })).toHaveCount(0);
  const saved = await app.apiAs(CLERK, 'cases.get', { id: c.id });
  expect(saved).toMatchObject({ status: 'in_progress', meansTest: { complete: true, totalIncome: 600, householdSize: 2 } });
});
