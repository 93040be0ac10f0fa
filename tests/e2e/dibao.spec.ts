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
  await means.getByLabel(`${SON.name}月收入`).fill('0');
  await expect(working).toContainText('总收入 2000.00 元 ÷ 3 人 = 人均 666.67 元，低于标准 1550.00 元');
  await expect(working).toContainText('（1550.00 − 666.67）× 3 = 2650.00 元');

  const form = page.getByRole('region', { name: '申请表' });
  await form.getByLabel('共同生活家庭人数').fill('3');
  await form.getByLabel('家庭月收入合计（元）').fill('2000');
  await chooseOption(page, '住房情况', '公房租赁');
  await form.getByRole('radiogroup', { name: '家庭是否拥有机动车' }).getByRole('radio', { name: '否' }).check();
  await form.getByLabel('申请理由').fill('夫妻收入低，孩子在读');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
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
