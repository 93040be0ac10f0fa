/**
 * Issue 16, live updates and network failures at a centre server: the real server over TLS
 * (tests/e2e/support/centre.ts), each person in their own browser context on their own
 * paired device.
 */
import type { Page, Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { makeId } from '../support/ids';
import { expect, signInAtCentre, test, type RunningCentre } from './support/centre';
import { chooseOption, createStaff, openPrinted, pickApplicant, pickItem, printedText } from './support/intake';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const REVIEWER = { username: 'rev1', password: 'rev1-pass-1' };
const REVIEWER2 = { username: 'rev2', password: 'rev2-pass-1' };
const PEOPLE = {
  live: { name: '褚国强', idNumber: makeId(711, '19580808', '310104') },
  lost: { name: '卫红', idNumber: makeId(722, '19660316', '310105') },
};
const residentIds: Record<keyof typeof PEOPLE, number> = { live: 0, lost: 0 };

test.beforeAll(async ({ centre }) => {
  // The clerk has no window of their own: at a centre the window is the device's.
  await createStaff(centre, 'clerk1', '李受理', ['clerk']);
  await createStaff(centre, 'rev1', '赵审核', ['reviewer']);
  await createStaff(centre, 'rev2', '钱审批', ['reviewer']);
  for (const [k, p] of Object.entries(PEOPLE)) {
    residentIds[k as keyof typeof PEOPLE] = (await centre.apiAs(CLERK, 'residents.register', { idNumber: p.idNumber, name: p.name })).id;
  }
});

/**
 * A new browser context paired as a device: the page asks `POST /api/pair` itself (the
 * browser keeps the HttpOnly cookie), then loads the paired page.
 */
async function pairedDevice(centre: RunningCentre, name: string, windowNo?: string): Promise<Page> {
  const { code } = await centre.createPairingCode(name, windowNo ? { windowNo } : {});
  const page = await (await centre.newContext()).newPage();
  await page.goto(centre.url);
  const paired = await page.evaluate(async (pairingCode) => {
    const res = await fetch('/api/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: pairingCode }) });
    return (await res.json()) as { ok: boolean };
  }, code);
  expect(paired.ok).toBe(true);
  await page.goto(centre.url);
  await expect(page.locator('meta[name="onewindow-centre"]')).toHaveAttribute('content', 'paired');
  return page;
}

/** 残疾人生活补贴 for `person`, all materials, up to the 受理 button. */
async function fillIntake(page: Page, person: { name: string; idNumber: string }, certNo: string) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '受理' }).click();
  await pickApplicant(page, person.idNumber.slice(-4), person.name);
  await pickItem(page, 'cjrsh', '残疾人生活补贴');
  await chooseOption(page, '残疾类别', '肢体');
  await chooseOption(page, '残疾等级', '二级');
  await page.getByRole('region', { name: '申请表' }).getByLabel('残疾人证号').fill(certNo);
  await page.getByRole('button', { name: '必交材料全部收齐（Alt+A）' }).click();
  await page.getByLabel('低保或低收入家庭证明 实交份数').fill('1');
}

async function act(page: Page, action: RegExp, opinion: string, submit = true) {
  const panel = page.getByRole('region', { name: '办理', exact: true });
  await panel.getByRole('button', { name: action }).click();
  await panel.getByRole('textbox', { name: /意见/ }).fill(opinion);
  if (submit) await panel.getByRole('button', { name: /^确认/ }).click();
  return panel;
}

/** Marks the page, so that a later check can tell it was never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((globalThis as unknown as { __notReloaded?: boolean }).__notReloaded = true));
const stillUnreloaded = (page: Page) => page.evaluate(() => (globalThis as unknown as { __notReloaded?: boolean }).__notReloaded === true);

test('a case accepted at 1号窗口 appears in a reviewer’s list without a reload, changes show on open case pages, and it is approved there', async ({ centre }) => {
  const clerk = await pairedDevice(centre, '1号窗口', '1号窗口');
  const reviewer = await pairedDevice(centre, '后台审核1');
  const approver = await pairedDevice(centre, '后台审核2');
  await signInAtCentre(clerk, CLERK);
  await signInAtCentre(reviewer, REVIEWER);
  await signInAtCentre(approver, REVIEWER2);

  // The reviewer's case desk is open before the case exists.
  await expect(reviewer).toHaveURL(/\/cases$/);
  const desk = reviewer.getByRole('region', { name: '办件列表' });
  await expect(desk).toContainText('没有符合条件的办件');
  await markPage(reviewer);

  await fillIntake(clerk, PEOPLE.live, '31010419580808711');
  await clerk.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const result = clerk.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  const accepted = Date.now();
  const caseNo = (await result.getByTestId('case-no').textContent())!.trim();

  // Nothing polls and nothing reloads: only the server's change event brings the row.
  const list = desk.getByRole('table', { name: '办件' });
  const row = list.locator(`[data-case-no="${caseNo}"]`);
  await expect(row).toBeVisible();
  test.info().annotations.push({ type: 'live update', description: `the accepted case showed in the reviewer's list ${Date.now() - accepted} ms after the clerk saw 已受理 (issue 16: within 2 s)` });
  expect(await stillUnreloaded(reviewer)).toBe(true);

  // The receipt names the device's window.
  const receipt = await openPrinted(clerk, '打印受理回执（Alt+P）');
  const { text } = await printedText(receipt, test.info().outputPath('centre-receipt.pdf'));
  expect(text).toContain(caseNo);
  expect(text).toContain('1号窗口');
  await receipt.close();

  // The approver has the case open while the reviewer completes 初审 on another device.
  await list.getByRole('link', { name: caseNo }).click();
  await expect(reviewer.getByTestId('case-no')).toHaveText(caseNo);
  const caseId = Number(new URL(reviewer.url()).pathname.split('/').pop());
  await approver.goto(`${centre.url}cases/${caseId}`);
  await expect(approver.locator('[data-stage-state="current"]')).toHaveText('初审·办理中');
  await markPage(approver);
  await act(reviewer, /完成本环节/, '申请人持第二代残疾人证，户籍核实无误，同意上报审批。');
  await expect(reviewer.locator('[data-stage-state="current"]')).toHaveText('审批·办理中');
  // The reviewer's own step is no news to the reviewer.
  await expect(reviewer.getByTestId('changed-elsewhere')).toHaveCount(0);

  const notice = approver.getByTestId('changed-elsewhere');
  await expect(notice).toContainText('此办件已被其他窗口更新');
  await expect(approver.locator('[data-stage-state="current"]')).toHaveText('审批·办理中');
  expect(await stillUnreloaded(approver)).toBe(true);

  // The reviewer (barred from approving by four eyes) starts writing an opinion; meanwhile
  // the approver approves. The reviewer's input is not refreshed away: the notice offers 刷新.
  await act(reviewer, /^审批通过$/, '我的意见尚未提交', false);
  await notice.getByRole('button', { name: '关闭提示' }).click();
  await act(approver, /^审批通过$/, '符合残疾人生活补贴条件，准予发放。');
  await expect(approver.locator('[data-status]').first()).toHaveText('办结（准予）');

  const waiting = reviewer.getByTestId('changed-elsewhere');
  await expect(waiting).toContainText('此办件已被其他窗口更新');
  await expect(waiting.getByRole('button', { name: '刷新' })).toBeVisible();
  await expect(reviewer.getByRole('region', { name: '办理', exact: true }).getByRole('textbox', { name: /意见/ })).toHaveValue('我的意见尚未提交');
  await expect(reviewer.locator('[data-status]').first()).toHaveText('办理中');
  await waiting.getByRole('button', { name: '刷新' }).click();
  await expect(reviewer.locator('[data-status]').first()).toHaveText('办结（准予）');
  await expect(reviewer.getByRole('region', { name: '基本信息' }).getByText('1号窗口')).toBeVisible();
});

/** The device's cookie, the page's tokens and the request key: the request as the browser sent it. */
async function sendAsBrowser(centre: RunningCentre, page: Page, route: Route): Promise<{ ok: boolean }> {
  const req = route.request();
  const headers = req.headers();
  const cookies = await page.context().cookies(centre.url);
  const ca = readFileSync(join(centre.dataDir, 'tls', 'ca.crt'), 'utf8');
  const url = new URL(req.url());
  return await new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        path: url.pathname,
        method: 'POST',
        ca,
        agent: false,
        headers: {
          host: url.host,
          'content-type': 'application/json',
          cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
          ...Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('x-onewindow-'))),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(JSON.parse(text) as { ok: boolean }));
      },
    );
    r.on('error', reject);
    r.end(req.postData() ?? '{}');
  });
}

test('an intake whose answer is lost on the way back: the banner shows, the call is retried with its key, and exactly one case exists', async ({ centre }) => {
  const clerk = await pairedDevice(centre, '2号窗口', '2号窗口');
  await signInAtCentre(clerk, CLERK);
  await fillIntake(clerk, PEOPLE.lost, '31010419660316722');

  const keys: string[] = [];
  let bannerSeen!: () => void;
  const seen = new Promise<void>((resolve) => (bannerSeen = resolve));
  await clerk.route('**/api/cases.intake', async (route) => {
    keys.push(route.request().headers()['x-onewindow-request'] ?? '');
    if (keys.length === 1) {
      // The server receives the intake and commits it; its answer never reaches the page.
      const answer = await sendAsBrowser(centre, clerk, route);
      expect(answer.ok).toBe(true);
      await route.abort('connectionreset');
      return;
    }
    // The retry goes through once the test has seen the banner.
    await seen;
    await route.continue();
  });

  await clerk.getByRole('button', { name: '提交：受理（Ctrl+Enter）' }).click();
  const banner = clerk.getByTestId('connection-banner');
  await expect(banner).toHaveText('中心服务器连接中断，正在重试');
  await expect(clerk.getByTestId('stale-mark')).toHaveText('数据可能不是最新');
  bannerSeen();

  const result = clerk.getByRole('region', { name: '受理结果' });
  await expect(result.getByRole('heading', { name: '已受理' })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect(clerk.getByTestId('stale-mark')).toHaveCount(0);

  // One logical call, one key, sent twice; one case.
  expect(keys.length).toBe(2);
  expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(keys[1]).toBe(keys[0]);
  const cases = await centre.apiAs(CLERK, 'cases.list', { residentId: residentIds.lost, limit: 20 });
  expect(cases.items).toHaveLength(1);
  expect(cases.items[0]!.caseNo).toBe((await result.getByTestId('case-no').textContent())!.trim());
});
