import type { Page } from '@playwright/test';
import { makeId } from '../support/ids';
import { ADMIN, createPerson, ensureAdmin, expect, signIn, test, type RunningApp } from './support/app';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };

test.beforeAll(async ({ app }) => {
  await ensureAdmin(app);
  await createPerson(app, 'clerk1', '李受理', ['clerk']);
});

async function openResidents(page: Page, app: RunningApp) {
  await signIn(page, app, CLERK);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '居民' }).click();
  await expect(page.getByRole('heading', { name: '居民', level: 2 })).toBeVisible();
}

async function register(page: Page, fields: { idNumber: string; name: string; phone?: string; address?: string }) {
  await page.getByRole('button', { name: /登记新居民/ }).click();
  const form = page.getByRole('form', { name: '登记居民' });
  await expect(form.getByLabel('身份证号码')).toBeFocused();
  await form.getByLabel('身份证号码').fill(fields.idNumber);
  await form.getByLabel('姓名').fill(fields.name);
  if (fields.phone) await form.getByLabel('电话').fill(fields.phone);
  if (fields.address) await form.getByLabel('地址').fill(fields.address);
  return form;
}

/** Types into the one search box and presses Enter, as the clerk does. */
async function search(page: Page, query: string) {
  const box = page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容');
  await box.fill(query);
  await box.press('Enter');
  return page.getByRole('table', { name: '查找结果' });
}

test('a resident registered through the form is found by pinyin initials and by the last 4 ID digits', async ({ page, app }) => {
  const idNumber = makeId(123, '19560314', '310104');
  await openResidents(page, app);
  await expect(page.getByRole('search', { name: '查找居民' }).getByLabel('查找内容')).toBeFocused();
  const form = await register(page, { idNumber, name: '张卫东', phone: '13812345678', address: '徐汇区漕溪北路 1 号' });
  // The live check shows what the number says before anything is saved.
  await expect(form.getByTestId('id-derived')).toContainText('出生日期 1956-03-14，男');
  await page.screenshot({ path: test.info().outputPath('resident-register.png') });
  await form.getByLabel('地址').press('Enter');

  await expect(page.getByTestId('resident-name')).toHaveText('张卫东');
  await expect(page.getByTestId('idNumber-value')).toHaveText(`310104********${idNumber.slice(-4)}`);
  await expect(page.getByTestId('phone-value')).toHaveText('138****5678');

  await page.getByRole('link', { name: '居民' }).first().click();
  let results = await search(page, 'zwd');
  await expect(results.getByRole('row', { name: /张卫东/ })).toContainText('拼音首字母');
  await expect(results).toContainText(`310104********${idNumber.slice(-4)}`);
  await page.screenshot({ path: test.info().outputPath('residents.png') });

  results = await search(page, idNumber.slice(-4));
  await expect(results.getByRole('row', { name: /张卫东/ })).toContainText('身份证后几位');
  // Enter on the highlighted row opens the profile, without the mouse.
  await page.getByLabel('查找内容').press('Enter');
  await expect(page.getByTestId('resident-name')).toHaveText('张卫东');
});

test('a name with 𠮷 is registered, found and shown byte for byte', async ({ page, app }) => {
  const name = '𠮷永福';
  const idNumber = makeId(245, '19700520', '310105');
  await openResidents(page, app);
  const form = await register(page, { idNumber, name });
  await form.getByRole('button', { name: /登记/ }).click();
  await expect(page.getByTestId('resident-name')).toHaveText(name);

  await page.getByRole('link', { name: '居民' }).first().click();
  const results = await search(page, name);
  const cell = results.getByTestId('result-name').first();
  await expect(cell).toHaveText(name);
  const codePoints = await cell.evaluate((el) => Array.from(String(el.textContent ?? '')).map((c) => c.codePointAt(0)!.toString(16)));
  expect(codePoints).toEqual(['20bb7', '6c38', '798f']);

  await cell.click();
  const title = page.getByTestId('resident-name');
  await expect(title).toHaveText(name);
  expect(await title.evaluate((el) => el.textContent)).toBe(name);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const stored = await app.apiAs(CLERK, 'residents.get', { id });
  expect(Buffer.from(stored.name, 'utf8').toString('hex')).toBe(Buffer.from(name, 'utf8').toString('hex'));
  await page.screenshot({ path: test.info().outputPath('resident-rare-character.png') });
});

test('a bad ID number shows which part is wrong and nothing is saved', async ({ page, app }) => {
  await openResidents(page, app);
  const good = makeId(377, '19880808', '310106');
  const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const form = await register(page, { idNumber: '31010619881332', name: '错号码' });
  const idBox = form.getByLabel('身份证号码');
  // 14 digits are enough to see that 13 月 32 日 is no date.
  await expect(form.getByText('【出生日期有误】')).toBeVisible();

  await idBox.fill(badCheck);
  await expect(form.getByText('【校验位有误】')).toBeVisible();
  await form.getByRole('button', { name: /登记/ }).click();
  await expect(form.getByText('身份证号码校验位（第 18 位）不符')).toBeVisible();
  await expect(form.getByRole('alert')).toBeVisible();
  // The form keeps what was typed.
  await expect(idBox).toHaveValue(badCheck);
  await expect(form.getByLabel('姓名')).toHaveValue('错号码');
  await page.screenshot({ path: test.info().outputPath('resident-bad-id.png') });

  const found = await app.apiAs(CLERK, 'residents.search', { query: '错号码' });
  expect(found.items).toEqual([]);
  const byNumber = await app.apiAs(CLERK, 'residents.search', { query: badCheck.slice(-6) });
  expect(byNumber.items).toEqual([]);

  // A phone that is neither a mobile nor a landline with area code is named too.
  await idBox.fill(good);
  await form.getByLabel('电话').fill('12345');
  await form.getByLabel('地址').focus();
  await expect(form.getByText('电话应为 11 位手机号码')).toBeVisible();
});

test('an address with a hidden right-to-left override is refused at its field and nothing is saved', async ({ page, app }) => {
  await openResidents(page, app);
  // U+202E would make the rest of the address display backwards on screen and on paper.
  const form = await register(page, { idNumber: makeId(388, '19700505', '310106'), name: '方向符', address: '长乐路\u202E1 弄 2 号' });
  await form.getByRole('button', { name: /登记/ }).click();
  await expect(form.getByText('居住地址含有不可见的控制字符或无效文字，请删除后重试')).toBeVisible();
  await expect(form.getByLabel('地址')).toHaveValue('长乐路\u202E1 弄 2 号');
  expect((await app.apiAs(CLERK, 'residents.search', { query: '方向符' })).items).toEqual([]);

  // With the character removed the same form saves.
  await form.getByLabel('地址').fill('长乐路 1 弄 2 号');
  await form.getByRole('button', { name: /登记/ }).click();
  await expect(page.getByTestId('resident-name')).toHaveText('方向符');
});

test('revealing the full ID number asks for a reason and shows the number', async ({ page, app }) => {
  const idNumber = makeId(481, '19491231', '310101');
  const created = await app.apiAs(CLERK, 'residents.register', { idNumber, name: '陈显示' });
  await signIn(page, app, CLERK);
  await page.goto(`${app.url}residents/${created.id}`);
  await expect(page.getByTestId('idNumber-value')).toHaveText(`310101********${idNumber.slice(-4)}`);

  await page.getByRole('button', { name: '显示完整号码' }).click();
  const dialog = page.getByRole('dialog', { name: '查看完整身份证号码' });
  await expect(dialog).toBeVisible();
  const reason = dialog.getByLabel('查看理由');
  await expect(reason).toBeFocused();
  await reason.press('Enter');
  await expect(dialog.getByText('请填写查看理由')).toBeVisible();
  await reason.fill('核对申请人身份');
  await page.screenshot({ path: test.info().outputPath('resident-reveal.png') });
  await reason.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('idNumber-value')).toHaveText(idNumber);

  // Editing keeps the masked values unless retyped.
  await page.getByRole('button', { name: /修改信息/ }).click();
  const edit = page.getByRole('form', { name: '修改居民信息' });
  await expect(edit.getByLabel('身份证号码')).toHaveValue(`310101********${idNumber.slice(-4)}`);
  await edit.getByLabel('电话').fill('021 6234 5678');
  await edit.getByLabel('电话').press('Enter');
  await expect(edit).toBeHidden();
  await expect(page.getByTestId('phone-value')).toHaveText('021****5678');
  const stored = await app.apiAs(CLERK, 'residents.get', { id: created.id });
  expect(stored.idNumber).toBe(`310101********${idNumber.slice(-4)}`);
  expect(stored.name).toBe('陈显示');
});

test('a household is created and a member added with the relation and dates', async ({ page, app }) => {
  const head = await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(511, '19600101', '310107'), name: '王户主', address: '静安区 1 号' });
  await app.apiAs(CLERK, 'residents.register', { idNumber: makeId(522, '19620202', '310107'), name: '赵配偶' });
  await signIn(page, app, CLERK);
  await page.goto(`${app.url}residents/${head.id}`);

  const section = page.getByRole('region', { name: '户', exact: true });
  await section.getByRole('button', { name: '立户（本人为户主）' }).click();
  await expect(section.getByRole('table', { name: '户成员' })).toContainText('王户主');

  await section.getByRole('button', { name: /添加成员/ }).click();
  const dialog = page.getByRole('dialog', { name: /添加户成员/ });
  const box = dialog.getByLabel('查找内容');
  await expect(box).toBeFocused();
  await box.fill('赵配偶');
  await box.press('Enter');
  await expect(dialog.getByRole('table', { name: '查找结果' })).toContainText('赵配偶');
  await box.press('Enter');
  await dialog.getByLabel('与户主关系').click();
  await page.getByRole('option', { name: '配偶' }).click();
  await dialog.getByRole('button', { name: /加入本户/ }).click();
  await expect(dialog).toBeHidden();

  const members = section.getByRole('table', { name: '户成员' });
  await expect(members.getByRole('row', { name: /赵配偶/ })).toContainText('配偶');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await expect(members.getByRole('row', { name: /赵配偶/ })).toContainText(today);
  await expect(section.getByRole('table', { name: '成员变动记录' })).toContainText('赵配偶');

  const household = await app.apiAs(ADMIN, 'households.get', { residentId: head.id });
  expect(household.members.map((m: { name: string; relation: string }) => [m.name, m.relation])).toEqual([
    ['王户主', '本人'],
    ['赵配偶', '配偶'],
  ]);
  await page.screenshot({ path: test.info().outputPath('resident-profile.png'), fullPage: true });
});

test('the search pages when there are more results than a page', async ({ page, app }) => {
  for (let i = 0; i < 12; i++) {
    await app.apiAs(ADMIN, 'residents.register', { idNumber: makeId(600 + i, '19900101', '310110'), name: `孙翻页${i + 1}` });
  }
  await openResidents(page, app);
  const results = await search(page, '孙翻页');
  await expect(results.getByRole('row')).toHaveCount(11);
  const pager = page.getByRole('navigation', { name: '查找结果分页' });
  await expect(pager).toContainText('第 1 页');
  await page.getByLabel('查找内容').press('PageDown');
  await expect(pager).toContainText('第 2 页');
  await expect(results.getByRole('row')).toHaveCount(3);
  await pager.getByRole('button', { name: /上一页/ }).click();
  await expect(pager).toContainText('第 1 页');
});
