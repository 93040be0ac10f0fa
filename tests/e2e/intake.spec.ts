import type { Page } from '@playwright/test';
import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { chineseDate, chooseOption, createStaff, openPrinted, pickApplicant, pickItem, printedText, rowOf, screenShot } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const PEOPLE = {
  subsidy: { name: '钱建国', idNumber: makeId(311, '19620715', '310104') },
  elderly: { name: '孙秀英', idNumber: makeId(402, '19480302', '310105') },
  employment: { name: '周志强', idNumber: makeId(517, '19850909', '310106') },
  keyboard: { name: '吴敏', idNumber: makeId(624, '19900101', '310107') },
};

test.beforeAll(async ({ app }) => {
  await createStaff(app, 'clerk1', '李受理', ['clerk'], '3号窗口');
  for (const p of Object.values(PEOPLE)) await app.apiAs(CLERK, 'residents.register', { idNumber: p.idNumber, name: p.name });
});

interface Printed {
  caseNo: string;
  dueOn: string;
}

/** Submits the decision shown, checks the result and prints the receipt; returns the case number and due date. */
async function acceptAndPrintReceipt(page: Page, person: { name: string }, itemName: string, shot: string): Promise<Printed> {
  await screenShot(page, `${shot}-intake.png`);
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();
  const dueOn = (await result.getByTestId('due-on').textContent())!.trim();
  expect(dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The print button has the focus, so Enter would print too.
  await expect(result.getByRole('button', { name: '打印受理回执（Alt+P）' })).toBeFocused();

  const doc = await openPrinted(page, '打印受理回执（Alt+P）');
  await doc.screenshot({ path: test.info().outputPath(`${shot}-receipt.png`), fullPage: true });
  const { text, pages } = await printedText(doc, test.info().outputPath(`${shot}-receipt.pdf`));
  expect(pages).toBe(2);
  expect(text).toContain('受理回执');
  expect(text).toContain(caseNo);
  expect(text).toContain(person.name);
  expect(text).toContain(itemName);
  expect(text).toContain(chineseDate(dueOn));
  expect(text).toContain('申请人留存');
  expect(text).toContain('窗口存档');
  expect(text).toContain('3号窗口');
  expect(text).toContain('李受理');
  await doc.close();
  return { caseNo, dueOn };
}

async function materialsOf(app: import('./support/app').RunningApp, code: string) {
  const item = await app.apiAs(CLERK, 'catalogue.get', { code });
  return item.materials;
}

test('subsidy: 残疾人生活补贴 from search to the printed receipt', async ({ page, app }) => {
  const p = PEOPLE.subsidy;
  await signIn(page, app, CLERK);
  await expect(page).toHaveURL(/\/intake$/);
  await expect(page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容')).toBeFocused();
  await pickApplicant(page, p.idNumber.slice(-4), p.name);
  await pickItem(page, 'cjrsh', '残疾人生活补贴');
  await chooseOption(page, '残疾类别', '肢体');
  await chooseOption(page, '残疾等级', '二级');
  await page.getByRole('region', { name: '申请表' }).getByLabel('残疾人证号').fill('31010419620715311');

  // Accepting with a material short is refused next to that material; nothing typed is lost.
  await page.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const idRow = page.locator('[data-material="idCard"]');
  await expect(idRow.getByRole('alert')).toContainText('应交 1 份，实交 0 份');
  await expect(page.getByRole('region', { name: '申请表' }).getByLabel('残疾人证号')).toHaveValue('31010419620715311');

  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await page.getByLabel('低保或低收入家庭证明 实交份数').fill('1');
  await expect(idRow.getByRole('alert')).toHaveCount(0);
  const { caseNo } = await acceptAndPrintReceipt(page, p, '残疾人生活补贴', 'subsidy');

  // The same receipt printed again from the case page: each material's row carries its 应交 and 实交.
  await page.goto(`${app.url}cases`);
  await page.getByRole('link', { name: caseNo }).first().click();
  await expect(page.getByTestId('case-no')).toHaveText(caseNo);
  const popup = await openPrinted(page, /打印受理回执/);
  const { text } = await printedText(popup, test.info().outputPath('subsidy-receipt-again.pdf'));
  for (const m of await materialsOf(app, 'CL-SHBT-001')) {
    const received = m.key === 'agentId' ? 0 : m.copies;
    expect(rowOf(text, m.name), m.name).toMatch(new RegExp(`${m.copies} 份\\s+${received} 份`));
  }
});

test('elderly care: 老年日托 by pinyin, with a yes/no field and a number', async ({ page, app }) => {
  const p = PEOPLE.elderly;
  await signIn(page, app, CLERK);
  await pickApplicant(page, p.name, p.name);
  await pickItem(page, 'lnrt', '老年日托');
  const form = page.getByRole('region', { name: '申请表' });
  await form.getByLabel('意向日间照护机构').fill('长桥街道长者照护之家');
  await form.getByLabel('每周入托天数').fill('5');
  await form.getByRole('radiogroup', { name: '是否需要接送' }).getByRole('radio', { name: '否' }).check();
  await form.getByLabel('紧急联系人及电话').fill('孙丽 13900001111');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await page.getByLabel('近三个月体检报告 实交份数').fill('1');
  // The side panel has looked at the resident: no conflict for a first application.
  await expect(page.getByRole('complementary', { name: '受理前检查' })).toContainText('可申请的其他事项');
  await expect(page.getByTestId('conflict')).toHaveCount(0);
  const { caseNo } = await acceptAndPrintReceipt(page, p, '老年日托', 'elderly');

  // A second application for the same item is a conflict shown in the side panel.
  await page.getByRole('button', { name: `为${p.name}再办一件` }).click();
  await pickItem(page, 'MZ-LNRT', '老年日托');
  await expect(page.getByTestId('conflict')).toContainText(caseNo);
});

test('employment: 失业登记 with a date field, the photo in two copies', async ({ page, app }) => {
  const p = PEOPLE.employment;
  await signIn(page, app, CLERK);
  await pickApplicant(page, 'zzq', p.name);
  await pickItem(page, '失业', '失业登记');
  const form = page.getByRole('region', { name: '申请表' });
  await form.getByLabel('原工作单位').fill('上海某某贸易有限公司');
  await form.getByLabel('失业日期').fill('20261031');
  await chooseOption(page, '文化程度', '大专');
  await form.getByLabel('求职意向').fill('仓储物流');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await expect(page.getByLabel('近期一寸免冠照片 实交份数')).toHaveValue('2');
  const { caseNo } = await acceptAndPrintReceipt(page, p, '失业登记', 'employment');
  await page.goto(`${app.url}cases`);
  const row = page.getByRole('table', { name: '办件' }).locator(`[data-case-no="${caseNo}"]`);
  await expect(row).toContainText('失业登记');
  // 3 working days against a warning at 3 or fewer: the badge says 预警 from the first day.
  await expect(row.locator('[data-deadline]')).toHaveText(/^预警（剩 3 天）$/);
});

test('a keyboard-only intake of a returning resident: search, item, form, materials, 受理, print', async ({ page, app }) => {
  const p = PEOPLE.keyboard;
  await page.goto(app.url);
  const kb = page.keyboard;
  // Sign-in: the user name has the focus.
  await expect(page.getByRole('form', { name: '登录' }).getByLabel('用户名')).toBeFocused();
  await kb.type(CLERK.username);
  await kb.press('Tab');
  await kb.type(CLERK.password);
  await kb.press('Enter');
  // Search: focused on open; Enter searches, Enter takes the highlighted row.
  await expect(page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容')).toBeFocused();
  await kb.type('wm');
  await kb.press('Enter');
  await expect(page.getByRole('table', { name: '查找结果' })).toContainText(p.name);
  await kb.press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveText(p.name);
  // Item: the picker has the focus; pinyin initials and Enter.
  await expect(page.getByRole('combobox', { name: '申请事项' })).toBeFocused();
  await kb.type('qnjy');
  await expect(page.getByRole('option').first()).toContainText('长期失业青年就业援助');
  await kb.press('Enter');
  // Form: the first field has the focus.
  const form = page.getByRole('region', { name: '申请表' });
  await expect(form.getByLabel('连续未就业月数')).toBeFocused();
  await kb.type('14');
  await kb.press('Tab');
  // 文化程度: ArrowDown opens the list on its first option, ArrowDown moves, Enter takes it.
  // Each key waits for what it showed, so a loaded machine cannot swallow one.
  await kb.press('ArrowDown');
  await expect(page.getByRole('option', { name: '初中及以下' })).toHaveAttribute('data-combobox-selected', 'true');
  await kb.press('ArrowDown');
  await expect(page.getByRole('option', { name: '高中/中专' })).toHaveAttribute('data-combobox-selected', 'true');
  await kb.press('Enter');
  await expect(form.getByRole('combobox', { name: '文化程度' })).toHaveValue('高中/中专');
  await kb.press('Tab');
  await kb.press('ArrowDown');
  await expect(page.getByRole('option', { name: '职业指导' })).toHaveAttribute('data-combobox-selected', 'true');
  await kb.press('Enter');
  await expect(form.getByRole('combobox', { name: '希望获得的服务' })).toHaveValue('职业指导');
  // Materials: Tab to each tick and Space, the rest with Alt+A.
  await kb.press('Tab');
  await expect(page.getByRole('checkbox', { name: '申请人居民身份证 已收齐' })).toBeFocused();
  await kb.press('Space');
  await expect(page.getByLabel('申请人居民身份证 实交份数')).toHaveValue('1');
  await kb.press('Alt+A');
  await expect(page.getByLabel('就业创业证（原劳动手册） 实交份数')).toHaveValue('1');
  // Decision and submit.
  await kb.press('Alt+1');
  await expect(page.getByRole('radio', { name: '受理（Alt+1）' })).toHaveAttribute('aria-checked', 'true');
  await screenShot(page, 'keyboard-intake.png');
  await kb.press('Control+Enter');
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();
  // Print: the focused button with Enter.
  const doc = await openPrinted(page, () => kb.press('Enter'));
  const { text } = await printedText(doc, test.info().outputPath('keyboard-receipt.pdf'));
  expect(text).toContain(caseNo);
  expect(text).toContain(p.name);
  await doc.close();
  // Next applicant: Alt+N, and the search box has the focus again.
  await kb.press('Alt+N');
  await expect(page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容')).toBeFocused();
});
