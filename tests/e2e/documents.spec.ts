import { makeId } from '../support/ids';
import { expect, signIn, test } from './support/app';
import { chineseDate, chooseOption, createStaff, openPrinted, pickApplicant, pickItem, printedText, screenShot, shanghaiDay } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const PEOPLE = {
  notice: { name: '郑小红', idNumber: makeId(702, '19880412', '310104') },
  refusal: { name: '冯大海', idNumber: makeId(813, '19760118', '310105') },
  deferred: { name: '陈立新', idNumber: makeId(925, '19400606', '310106') },
};

test.beforeAll(async ({ app }) => {
  await createStaff(app, 'clerk1', '李受理', ['clerk'], '2号窗口');
  for (const p of Object.values(PEOPLE)) await app.apiAs(CLERK, 'residents.register', { idNumber: p.idNumber, name: p.name });
});

test('一次告知: the notice lists exactly the missing materials', async ({ page, app }) => {
  const p = PEOPLE.notice;
  await signIn(page, app, CLERK);
  await pickApplicant(page, p.name, p.name);
  await pickItem(page, 'zypx', '职业培训补贴');
  const form = page.getByRole('region', { name: '申请表' });
  await form.getByLabel('培训项目').fill('育婴员（四级）');
  await form.getByLabel('培训机构').fill('上海某职业技能培训学校');
  await form.getByLabel('结业日期').fill('2026-10-15');
  await form.getByLabel('培训费（元）').fill('1800');
  await page.getByRole('checkbox', { name: '申请人居民身份证 已收齐' }).check();
  await page.getByRole('checkbox', { name: '培训费发票 已收齐' }).check();
  await page.getByRole('radio', { name: '一次告知（Alt+3）' }).click();
  const missing = ['就业创业证（原劳动手册）', '职业资格证书或职业技能等级证书', '本人银行卡或存折'];
  await expect(page.getByRole('region', { name: '受理决定' })).toContainText(`全部 ${missing.length} 项须补正材料`);
  await page.getByRole('button', { name: '提交：一次告知（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已出具一次性告知书（待补正）' })).toBeVisible();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();

  const doc = await openPrinted(page, /打印一次性告知书/);
  await doc.screenshot({ path: test.info().outputPath('notice.png'), fullPage: true });
  await expect(doc.getByRole('region', { name: '一次性告知书（申请人留存）' }).getByTestId('notice-missing')).toHaveCount(missing.length);
  const { text, pages } = await printedText(doc, test.info().outputPath('notice.pdf'));
  expect(pages).toBe(2);
  expect(text).toContain('一次性告知书');
  expect(text).toContain(caseNo);
  for (const name of missing) expect(text).toContain(name);
  for (const name of ['申请人居民身份证', '培训费发票']) expect(text).not.toContain(name);
});

test('不予受理: the notice gives the reason and where to go instead', async ({ page, app }) => {
  const p = PEOPLE.refusal;
  const reason = '申请人未满 65 周岁，不符合老年综合津贴申领条件';
  await signIn(page, app, CLERK);
  await pickApplicant(page, p.idNumber.slice(-6), p.name);
  await pickItem(page, '老年津贴', '老年综合津贴');
  await page.keyboard.press('Alt+4');
  const decision = page.getByRole('region', { name: '受理决定' });
  await expect(decision.getByLabel('不予受理理由')).toBeFocused();
  // The reason is required: said next to it, and nothing is sent.
  await page.getByRole('button', { name: '提交：不予受理（Ctrl+Enter）' }).click();
  await expect(decision.getByText('不予受理须写明理由')).toBeVisible();
  await decision.getByLabel('不予受理理由').fill(reason);
  await decision.getByLabel('建议办理途径（告知申请人向何处申请）').fill('年满 65 周岁后到本中心任一窗口申请');
  await page.getByRole('button', { name: '提交：不予受理（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '不予受理' })).toBeVisible();
  await expect(result).toContainText(reason);

  const doc = await openPrinted(page, /打印不予受理通知书/);
  await doc.screenshot({ path: test.info().outputPath('refusal.png'), fullPage: true });
  const { text } = await printedText(doc, test.info().outputPath('refusal.pdf'));
  expect(text).toContain('不予受理通知书');
  expect(text).toContain(reason);
  expect(text).toContain('年满 65 周岁后到本中心任一窗口申请');
  expect(text).toContain(p.name);
});

test('容缺受理: the notice shows each deferred material with its due date and the commitment', async ({ page, app }) => {
  const p = PEOPLE.deferred;
  const due = shanghaiDay(1);
  await signIn(page, app, CLERK);
  await pickApplicant(page, 'clx', p.name);
  await pickItem(page, 'MZ-JJYL', '居家养老服务补贴');
  const form = page.getByRole('region', { name: '申请表' });
  await form.getByRole('radiogroup', { name: '是否独居' }).getByRole('radio', { name: '是' }).check();
  await form.getByLabel('月养老金（元）').fill('3200.50');
  await chooseOption(page, '照护等级', '三级');
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await page.getByRole('checkbox', { name: '老年照护统一需求评估结果告知书 已收齐' }).uncheck();
  await page.keyboard.press('Alt+2');
  const dueInput = page.getByLabel('老年照护统一需求评估结果告知书 补交日期');
  await expect(dueInput).toBeFocused();
  await dueInput.fill(due);
  // Without the applicant's commitment the core refuses, and says so at the tick box.
  await page.getByRole('button', { name: '提交：容缺受理（Ctrl+Enter）' }).click();
  await expect(page.getByRole('region', { name: '受理决定' })).toContainText('容缺受理须由申请人签署容缺受理承诺书');
  await expect(dueInput).toHaveValue(due);
  await page.getByRole('checkbox', { name: '申请人已阅读并签署容缺受理承诺书' }).check();
  await screenShot(page, 'deferred-intake.png');
  await page.getByRole('button', { name: '提交：容缺受理（Ctrl+Enter）' }).click();
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已容缺受理' })).toBeVisible();
  await expect(result).toContainText(`老年照护统一需求评估结果告知书（${due} 前）`);

  const doc = await openPrinted(page, /打印容缺受理通知书/);
  await doc.screenshot({ path: test.info().outputPath('deferred.png'), fullPage: true });
  const { text } = await printedText(doc, test.info().outputPath('deferred.pdf'));
  expect(text).toContain('容缺受理通知书');
  expect(text).toMatch(new RegExp(`老年照护统一需求评估结果告知书\\s+${chineseDate(due)}前`));
  expect(text).toContain('容缺受理承诺书');
  expect(text).toContain('本人承诺：所缺材料将在约定期限内补交');
});

test('a name with 𠮷: registered inline at the window, found again, printed', async ({ page, app }) => {
  const name = '𠮷永福';
  const idNumber = makeId(246, '19700520', '310105');
  await signIn(page, app, CLERK);
  const box = page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容');
  await box.fill(name);
  await box.press('Enter');
  // Wait for the search's answer: the 登记新居民 offered under "未找到" carries the query as the name.
  const notFound = page.getByRole('alert').filter({ hasText: `未找到与“${name}”相符的居民` });
  await notFound.getByRole('button', { name: '登记新居民' }).click();
  const form = page.getByRole('form', { name: '登记居民' });
  await expect(form.getByLabel('姓名')).toHaveValue(name);
  await form.getByLabel('身份证号码').fill(idNumber);
  await form.getByLabel('身份证号码').press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveText(name);
  await pickItem(page, 'jykn', '就业困难人员认定');
  await chooseOption(page, '困难类型', '大龄（女40、男50周岁以上）');
  await page.getByRole('region', { name: '申请表' }).getByLabel('失业日期').fill('2026-09-30');
  await page.keyboard.press('Alt+A');
  await page.keyboard.press('Control+Enter');
  const result = page.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();

  const doc = await openPrinted(page, /打印受理回执/);
  await doc.screenshot({ path: test.info().outputPath('rare-name-receipt.png'), fullPage: true });
  const { text } = await printedText(doc, test.info().outputPath('rare-name-receipt.pdf'));
  expect(text).toContain(caseNo);
  expect(text).toContain(name);
  expect(Array.from(text).some((c) => c.codePointAt(0) === 0x20bb7)).toBe(true);
  await doc.close();

  // Found again by the name at the next visit.
  await page.keyboard.press('Alt+N');
  await pickApplicant(page, name, name);
});

test('the print page says why it cannot print: an unknown document, a bad case number, a document the case does not have', async ({ page, app }) => {
  await signIn(page, app, CLERK);
  const { items } = await app.apiAs(CLERK, 'cases.list', { status: 'refused' });
  const refused = items[0]!;
  expect(refused.decision).toBe('refuse');
  const problem = page.getByRole('alert').filter({ hasText: '无法生成文书' });

  await page.goto(`${app.url}print/permit/${refused.id}`);
  await expect(problem).toContainText('没有这种文书：permit');
  await page.goto(`${app.url}print/refusal/abc`);
  await expect(problem).toContainText('办件编号无效');
  await page.goto(`${app.url}print/refusal/987654`);
  await expect(problem).toContainText('没有找到办件（编号 987654）');
  // A refused case has its 不予受理通知书 and no receipt.
  await page.goto(`${app.url}print/receipt/${refused.id}`);
  await expect(problem).toContainText(`办件 ${refused.caseNo}（不予受理，`);
  await expect(problem).toContainText('没有受理回执');
  await page.goto(`${app.url}print/refusal/${refused.id}`);
  await expect(page.locator('body')).toHaveAttribute('data-print-ready', 'true', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: '不予受理通知书（窗口存档）' })).toContainText(refused.caseNo);
});
