import { makeId } from '../support/ids';
import { caseQrPayload } from '../../renderer/src/features/kiosk/caseQr';
import { createStaff, screenShot } from './support/intake';
import { expect, test } from './support/centre';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const CLERK = { username: 'clerk1', password: 'clerk1-pass-1' };
const APPLICANT = { name: '褚国强', idNumber: makeId(131, '19580808', '310104') };
const ITEM = 'CL-SHBT-001';
const ALL_MATERIALS = ['application', 'idCard', 'hukou', 'disabilityCert', 'bankCard'].map((key) => ({ key, copies: 1 }));

test('a kiosk shows only the lookup: a scanned receipt and the last four ID characters give the progress; a wrong last four gives nothing', async ({ centre }) => {
  await createStaff(centre, CLERK.username, '李窗口', ['clerk'], '1号窗口');
  const resident = await centre.apiAs(CLERK, 'residents.register', { idNumber: APPLICANT.idNumber, name: APPLICANT.name });
  const { case: accepted } = await centre.apiAs(CLERK, 'cases.intake', {
    residentId: resident.id,
    itemCode: ITEM,
    values: { disabilityType: '肢体', disabilityGrade: '二级', disabilityCertNo: '3101000001' },
    materials: ALL_MATERIALS,
    decision: 'accept',
    idempotencyKey: 'kiosk-spec-1',
  });

  const kiosk = await centre.pairedPage('自助查询机1', { kind: 'kiosk' });
  // The kiosk's page: no sign-in, no navigation, whatever address it was opened at.
  await expect(kiosk.getByTestId('kiosk')).toBeVisible();
  await expect(kiosk).toHaveURL(/\/kiosk$/);
  await expect(kiosk.getByRole('form', { name: '登录' })).toHaveCount(0);
  await kiosk.goto(`${centre.url}admin`);
  await expect(kiosk.getByTestId('kiosk')).toBeVisible();
  await expect(kiosk.getByRole('navigation', { name: '主导航' })).toHaveCount(0);

  // The scanner types the receipt QR's payload and Enter into the focused field, even after a
  // touch left the focus elsewhere.
  const caseNoInput = kiosk.getByLabel('办件编号');
  await expect(caseNoInput).toBeFocused();
  await kiosk.evaluate('document.activeElement.blur()');
  await expect(caseNoInput).not.toBeFocused();
  await screenShot(kiosk, 'kiosk-start.png');
  await kiosk.keyboard.type(caseQrPayload(accepted.caseNo));
  await kiosk.keyboard.press('Enter');
  await expect(kiosk.getByTestId('kiosk')).toContainText(`办件编号 ${accepted.caseNo}`);
  const last4 = kiosk.getByLabel('身份证号后四位');
  await expect(last4).toBeFocused();

  // A wrong last four, on the touch keypad: the same answer as for a number that does not exist.
  const right = APPLICANT.idNumber.slice(-4);
  const wrong = right === '1111' ? '2222' : '1111';
  const keypad = kiosk.getByRole('group', { name: '数字键盘' });
  for (const k of wrong) await keypad.getByRole('button', { name: k, exact: true }).click();
  await expect(last4).toHaveValue(wrong);
  await kiosk.getByRole('button', { name: '查询' }).click();
  await expect(kiosk.getByRole('alert')).toHaveText('未查到该办件：请核对办件编号和申请人身份证号后四位');
  await expect(kiosk.getByTestId('kiosk')).not.toContainText('残疾人生活补贴');
  await screenShot(kiosk, 'kiosk-not-found.png');
  await expect(kiosk.getByTestId('kiosk')).not.toContainText(APPLICANT.name);
  await expect(kiosk.getByRole('table', { name: '办理进度' })).toHaveCount(0);

  // The right one, typed on a keyboard.
  await last4.fill(right.toLowerCase());
  await last4.press('Enter');
  const result = kiosk.getByRole('table', { name: '办理进度' });
  await expect(result).toContainText(accepted.caseNo);
  await expect(result).toContainText('残疾人生活补贴');
  await expect(result).toContainText('办理中');
  await expect(result).toContainText('初审');
  await expect(result).toContainText(accepted.dates.dueOn!);
  await expect(kiosk.getByTestId('kiosk')).not.toContainText(APPLICANT.name);
  await expect(kiosk.getByTestId('kiosk')).not.toContainText(APPLICANT.idNumber);
  await screenShot(kiosk, 'kiosk-result.png');

  await kiosk.getByRole('button', { name: '完成，返回首页' }).click();
  await expect(kiosk.getByLabel('办件编号')).toBeFocused();
  await expect(kiosk.getByLabel('办件编号')).toHaveValue('');
});

test('the kiosk goes back to its start after a minute untouched, and says in Chinese when it has looked up too often', async ({ centre }) => {
  const kiosk = await centre.pairedPage('自助查询机2', { kind: 'kiosk' });
  await kiosk.clock.install();
  await kiosk.reload();
  const caseNoInput = kiosk.getByLabel('办件编号');
  await caseNoInput.fill('310101001202601010001');
  await caseNoInput.press('Enter');
  await expect(kiosk.getByLabel('身份证号后四位')).toBeVisible();
  await kiosk.clock.fastForward(61_000);
  await expect(kiosk.getByLabel('办件编号')).toHaveValue('');
  await expect(kiosk.getByLabel('身份证号后四位')).toHaveCount(0);

  // A scan that is not a case number is refused before any lookup.
  await kiosk.getByLabel('办件编号').fill('not-a-case');
  await kiosk.getByLabel('办件编号').press('Enter');
  await expect(kiosk.getByTestId('kiosk')).toContainText('未能识别办件编号');

  // Thirty lookups use up this device's allowance for ten minutes (the page's own token, as the page calls).
  const csrf = await kiosk.locator('meta[name="onewindow-csrf"]').getAttribute('content');
  const statuses = await kiosk.evaluate(async (csrf) => {
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch('/api/cases.publicStatus', { method: 'POST', headers: { 'content-type': 'application/json', 'x-onewindow-csrf': csrf }, body: JSON.stringify({ caseNo: '310101001202601010001', idLast4: '0000' }) });
      codes.push(res.status);
    }
    return codes;
  }, csrf!);
  expect(statuses.every((s) => s === 404)).toBe(true);
  await kiosk.getByLabel('办件编号').fill('310101001202601010001');
  await kiosk.getByLabel('办件编号').press('Enter');
  await kiosk.getByLabel('身份证号后四位').fill('1234');
  await kiosk.getByLabel('身份证号后四位').press('Enter');
  await expect(kiosk.getByRole('alert')).toContainText(/查询过于频繁，请 \d+ 秒后再试/);
});
