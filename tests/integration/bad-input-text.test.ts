/**
 * The bad-input suite for free text (issue #14, defect 6): every free-text field of every
 * handler refuses control characters, bidi overrides and lone surrogates with a Chinese
 * message naming the field, and nothing is written. The fields are found by walking the
 * handlers' input schemas, so a new string field must either carry the shared rule
 * (db/src/validation/free-text.ts), be held to a pattern, or be named below with a reason.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handlers } from '../../db/src/handlers';
import { handler } from '../../db/src/kernel/handler';
import { badTextMessage, lineBreakMessage, textIssue } from '../../db/src/validation/free-text';
import { makeId, staffId } from '../support/ids';
import { VALUES, caseWorld } from '../support/cases';
import { ADMIN, err, ok, testCore } from '../support/temp';
import { allStringFields, fieldName, inject, locate, replaced } from '../support/text-fields';

const BAD = {
  NUL: '\u0000',
  BEL: '\u0007',
  'U+202E right-to-left override': '\u202E',
  'lone high surrogate': '\uD800',
  'lone low surrogate': '\uDC00',
  DEL: '\u007F',
} as const;

/**
 * String fields that are not free text, and why the rule does not apply to them. Each is
 * looked up or checked against known values, and never stored as typed.
 */
const NOT_FREE_TEXT: Record<string, string> = {
  'residents.register:idNumber': 'digits and X, checked with its check digit',
  'residents.update:idNumber': 'digits and X, checked with its check digit',
  'residents.register:phone': 'normalised to digits, anything else refused',
  'residents.update:phone': 'normalised to digits, anything else refused',
  'residents.search:cursor': 'an opaque page marker, decoded or refused',
  'accounts.setup:password': 'a password: hashed, never shown',
  'accounts.create:password': 'a password: hashed, never shown',
  'accounts.update:resetPassword': 'a password: hashed, never shown',
  'accounts.login:password': 'a password: hashed, never shown',
  'accounts.changePassword:currentPassword': 'a password: hashed, never shown',
  'accounts.changePassword:newPassword': 'a password: hashed, never shown',
  'audit.list:recordType': 'a filter compared with stored values',
  'audit.list:recordId': 'a filter compared with stored values',
  'audit.list:handler': 'a filter compared with stored values',
  'backups.verify:file': 'must name an existing backup file',
  'backups.restore:file': 'must name an existing backup file',
  'recovery.restore:file': 'must name an existing backup file',
  'recovery.restore:username': "looked up in the backup's users table",
  'recovery.restore:password': 'a password: hashed, never shown',
  'cases.precheck:itemCode': 'must name an item of the catalogue',
  'cases.intake:itemCode': 'must name an item of the catalogue',
  'cases.intake:materials.*.key': "must name one of the item's materials",
  'cases.intake:deferred.*.key': "must name one of the item's materials",
  'cases.supplyMaterials:materials.*.key': "must name one of the item's materials",
  'cases.supplyMaterials:deferred.*.key': "must name one of the item's materials",
  'cases.transition:stage': "must name the case's current stage",
  'cases.get:caseNo': 'must name an existing case',
  'cases.list:itemCode': 'a filter compared with stored values',
  'beneficiaries.list:itemCode': 'a filter compared with stored values',
  'exports.run:period': 'a date or month, checked by its pattern',
  'exports.verify:folder': 'must name an existing export folder',
  'settings.update:exportTime': 'HH:mm or empty, checked by its pattern',
  'accounts.setup:staffIdNumber': 'an ID number, checked with its check digit',
  'accounts.create:staffIdNumber': 'an ID number, checked with its check digit',
  'accounts.setStaffIdNumber:staffIdNumber': 'an ID number, checked with its check digit',
};

const DEFINITION = {
  code: 'TEST-XZ-001',
  name: '测试补贴',
  aliases: ['测补'],
  family: 'subsidy',
  department: '民政',
  // a district authority decides: decidedBy is free text, so the valid input holds it
  decidedBy: '区民政局',
  districtTimeLimitDays: 10,
  description: '测试用事项',
  materials: [{ key: 'idCard', name: '居民身份证', copies: 1, form: 'original', required: true, note: '原件核对后退回' }],
  fields: [
    { key: 'cause', label: '困难原因', type: 'select', required: true, options: ['火灾', { value: '疾病', label: '疾病' }] },
    { key: 'note', label: '说明', type: 'text', maxLength: 200, help: '简要说明情况' },
  ],
  timeLimitDays: 20,
  stages: [{ key: 'district', name: '待区级审核确认', kind: 'district' }],
  recurring: { gradeAmounts: { field: 'cause', amounts: [{ grade: '火灾', monthlyAmount: 300 }, { grade: '疾病', monthlyAmount: 200 }] } },
  eligibilityHints: [{ when: { minAge: 60 }, text: '老人可申请' }],
};

/** A valid input of each handler with free text, holding every free-text field. */
const VALID: Record<string, unknown> = {
  'payments.importReturn': { file: '/home/中心/回盘/2026-05 回盘.csv' },
  'residents.importUpload': { name: '社区云居民.csv', offset: 0, data: '' },
  'residents.import': { file: '/home/中心/导入/居民 名单.csv', mapping: { 姓名: 'name' }, dryRun: true },
  'residents.importPreview': { file: '/home/中心/导入/居民 名单.csv', mapping: { 姓名: 'name' } },
  'payments.reissue': { beneficiaryId: 1, month: '2026-05', reason: '原账户已销户，已更正为新账户' },
  'decisions.import': { file: '/home/中心/区级决定/2026-05-20 决定.csv' },
  'cases.recordTold': { caseId: 1, how: 'delivered', note: '已电话告知并送达决定书' },
  'settings.update': { centreName: '示范中心', centrePhone: '021-12345678', centreAddress: '长乐路 1 号', windows: ['1号窗口'], exportDir: '/home/中心/导出' },
  'accounts.setup': { username: 'first', password: 'first-pass-1', displayName: '王管理', staffIdNumber: staffId(901) },
  'accounts.login': { username: 'admin', password: 'whatever-1' },
  'accounts.create': { username: 'li', password: 'li-pass-1', displayName: '李受理', staffIdNumber: staffId(902), roles: ['clerk'], windowNo: '3号窗口' },
  'accounts.update': { id: 1, displayName: '王管理', windowNo: '3号窗口' },
  'residents.register': { idNumber: makeId(1), name: '张三', address: '长乐路 1 弄 2 号', bankName: '上海银行', hukouDistrict: '黄浦区' },
  'residents.update': { id: 1, name: '张三', address: '长乐路 1 弄 2 号', bankName: '上海银行', hukouDistrict: '黄浦区' },
  'residents.setStatus': { residentId: 1, status: 'moved_out', date: '2026-03-01', reason: '户口迁往外省', movedTo: '江苏省苏州市', materialNo: 'QY-88' },
  'residents.search': { query: '张三' },
  'residents.reveal': { id: 1, field: 'phone', reason: '核对联系方式' },
  'households.create': { headResidentId: 1, address: '长乐路 1 弄 2 号' },
  'devices.createPairingCode': { name: '3号窗口', windowNo: '3号窗口' },
  'calendar.setDay': { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  'calendar.import': { content: 'date,kind,name\n2027-01-01,holiday,元旦\n' },
  'catalogue.list': { query: '低保' },
  'catalogue.save': { definition: DEFINITION },
  'catalogue.retire': { code: 'MZ-DB-001', reason: '政策调整' },
  'backups.create': { note: '升级前备份' },
  'cases.intake': {
    residentId: 1,
    itemCode: 'MZ-DB-001',
    decision: 'refuse',
    commitment: { signed: true, text: '本人承诺按期补交' },
    refusal: { reason: '不符合条件', referTo: '区民政局' },
    idempotencyKey: 'abcdefgh-1234',
    windowNo: '1号窗口',
    confirmDuplicate: { reason: '情况有变化，确认仍予受理' },
  },
  'cases.supplyMaterials': { caseId: 1, materials: [], commitment: { signed: true, text: '本人承诺按期补交' } },
  'cases.transition': { caseId: 1, action: 'advance', opinion: '情况属实' },
  'cases.list': { windowNo: '1号窗口' },
  'cases.offerRating': { caseId: 1, service: 'intake' },
  'cases.ratingOffer': { windowNo: '3号窗口' },
  'cases.rate': { serviceId: 1, score: 5, comment: '办事很快' },
  'cases.closeFollowUp': { caseId: 1, note: '已电话回访', rectification: '已整改' },
  'beneficiaries.change': { id: 1, monthlyAmount: 100, fromMonth: '2026-04', reason: '收入变化' },
  'beneficiaries.stop': { id: 1, fromMonth: '2026-04', reason: '已迁出本市' },
  'beneficiaries.rejectChange': { proposalId: 1, reason: '金额与核对结果不符' },
  'beneficiaries.recordReview': { beneficiaryId: 1, outcome: 'change', reviewedOn: '2027-04-10', opinion: '复评等级提高', grade: '四级' },
};

const fields = allStringFields(handlers);
const freeTextFields = fields.filter((f) => f.rule);

/** Everything a refused call could have changed: every table's rows and the backups folder. */
function fingerprint(core: ReturnType<typeof testCore>): string {
  const hash = createHash('sha256');
  const tables = core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name);
    hash.update(JSON.stringify(core.db.prepare(`SELECT * FROM "${name}"`).raw().all(), (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  }
  const backups = core.database.backupsDir;
  hash.update(existsSync(backups) ? readdirSync(backups).sort().join('\n') : '-');
  return hash.digest('hex');
}

const auditCount = (core: ReturnType<typeof testCore>) => (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('which string fields are free text', () => {
  it('every string field of every handler carries the shared text rule, is held to a pattern, or is named as not free text', () => {
    // A pipe holds one field twice (before and after its transform): either may carry the rule.
    const kept = new Set(fields.filter((f) => f.rule || f.patterned).map(fieldName));
    const unclassified = [...new Set(fields.map(fieldName))].filter((n) => !kept.has(n) && !(n in NOT_FREE_TEXT));
    expect(unclassified).toEqual([]);
    // A stale exception would hide a field that became free text.
    const names = new Set(fields.map(fieldName).filter((n) => !kept.has(n)));
    expect(Object.keys(NOT_FREE_TEXT).filter((n) => !names.has(n))).toEqual([]);
  });

  it('finds a string field left without the rule, however deeply nested', () => {
    const careless = {
      'x.save': handler({
        summary: '',
        kind: 'write',
        roles: ['admin'],
        input: z.object({ list: z.array(z.object({ note: z.string().trim().max(10).optional() })) }),
        run: () => null,
      }),
    };
    const found = allStringFields(careless);
    expect(found.map((f) => [fieldName(f), !!f.rule, f.patterned])).toEqual([['x.save:list.*.note', false, false]]);
  });

  it('covers the fields the issue names', () => {
    const names = new Set(freeTextFields.map(fieldName));
    for (const name of [
      'residents.register:address',
      'residents.register:bankName',
      'residents.register:name',
      'accounts.create:displayName',
      'accounts.create:windowNo',
      'catalogue.save:definition.description',
      'catalogue.save:definition.fields.*.options.*.label',
      'calendar.setDay:name',
      'calendar.import:content',
      'backups.create:note',
      'settings.update:centreName',
      'settings.update:windows.*',
      'residents.reveal:reason',
      'residents.setStatus:reason',
      'residents.setStatus:movedTo',
      'residents.setStatus:materialNo',
      'residents.register:hukouDistrict',
      'cases.transition:opinion',
      'cases.closeFollowUp:note',
      'beneficiaries.change:reason',
      'beneficiaries.rejectChange:reason',
    ]) {
      expect(names, name).toContain(name);
    }
  });
});

describe('every free-text field refuses control characters and broken text', () => {
  const handlersWithText = [...new Set(freeTextFields.map((f) => f.handler))];

  it('has a valid input for every handler with free text, holding every free-text field', () => {
    expect(handlersWithText.filter((h) => !(h in VALID))).toEqual([]);
    for (const f of freeTextFields) {
      expect(locate(VALID[f.handler], f.path), `${fieldName(f)} is not in the valid input`).not.toBeNull();
    }
    for (const name of handlersWithText) {
      const parsed = handlers[name as keyof typeof handlers].input.safeParse(VALID[name]);
      expect(parsed.error?.issues ?? [], name).toEqual([]);
    }
  });

  it.each(handlersWithText)('%s: refused with VALIDATION naming the field, nothing written', async (name) => {
    const core = testCore();
    await ok(core, 'accounts.me');
    // Signing in writes an audit row: done before the fingerprint is taken.
    const token = handlers[name as keyof typeof handlers].roles.includes('public') ? null : await staffToken(core);
    const before = fingerprint(core);
    const audits = auditCount(core);
    for (const f of freeTextFields.filter((x) => x.handler === name)) {
      const at = locate(VALID[name], f.path)!;
      const path = at.join('.');
      for (const [what, bad] of Object.entries(BAD)) {
        const input = replaced(VALID[name], at, (s) => inject(s, bad));
        const res = await core.dispatch(name, input, token);
        const label = `${fieldName(f)} with ${what}`;
        expect(res.ok, label).toBe(false);
        if (res.ok) continue;
        expect(res.error.code, label).toBe('VALIDATION');
        // A text of several lines is told which line holds the character.
        const message = new RegExp(`${f.rule!.label}(第 \\d+ 行)?含有不可见的控制字符或无效文字，请删除后重试`);
        expect(res.error.fields, label).toContainEqual({ path, message: expect.stringMatching(new RegExp(`^${message.source}$`)) });
        expect(res.error.message, label).toMatch(message);
      }
    }
    expect(auditCount(core)).toBe(audits);
    expect(fingerprint(core)).toBe(before);
  });

  it.each(handlersWithText)('%s: keeps rare characters; line breaks only where the field has several lines', (name) => {
    const spec = handlers[name as keyof typeof handlers];
    for (const f of freeTextFields.filter((x) => x.handler === name)) {
      const at = locate(VALID[name], f.path)!;
      const rare = spec.input.safeParse(replaced(VALID[name], at, (s) => inject(s, '𠮷䶮')));
      expect(rare.error?.issues ?? [], fieldName(f)).toEqual([]);
      const twoLines = spec.input.safeParse(replaced(VALID[name], at, (s) => inject(s, f.rule!.multiline ? '\r\n\t' : '\r\n')));
      if (f.rule!.multiline) expect(twoLines.error?.issues ?? [], fieldName(f)).toEqual([]);
      else expect(twoLines.error?.issues.map((i) => i.message), fieldName(f)).toContain(lineBreakMessage(f.rule!.label));
    }
  });
});

/** A session of the administrator that ok() set up with every role. */
const staffToken = (core: ReturnType<typeof testCore>) => core.login(ADMIN.username, ADMIN.password);

describe('the text rule', () => {
  it('refuses each bad character, keeps text outside the Basic Multilingual Plane', () => {
    const single = { label: '居住地址', multiline: false };
    const multi = { label: '意见', multiline: true };
    for (const bad of [...Object.values(BAD), '\u0085', '\u009F', '\u202A', '\u2066', '\u2069', '\u000B']) {
      expect(textIssue(`长乐路${bad}1 号`, single)).toBe('居住地址含有不可见的控制字符或无效文字，请删除后重试');
      expect(textIssue(`同意${bad}`, multi)).toBe('意见含有不可见的控制字符或无效文字，请删除后重试');
    }
    expect(textIssue('长乐路\t1 号', single)).toBe(badTextMessage('居住地址'));
    expect(textIssue('长乐路\n1 号', single)).toBe(lineBreakMessage('居住地址'));
    for (const good of ['𠮷野家', '䶮', '\uD842\uDFB7', 'Zoë O’Brien', '长乐路 1 弄（近华山路）', '😀']) {
      expect(textIssue(good, single), good).toBeNull();
    }
    expect(textIssue('第一行\r\n\t第二行', multi)).toBeNull();
    expect(textIssue('第一行\r\n第二行\n第三\u0007行', multi)).toBe('意见第 3 行含有不可见的控制字符或无效文字，请删除后重试');
  });

  it('names the line of a calendar file that holds a control character, importing nothing', async () => {
    const core = testCore();
    await ok(core, 'accounts.me');
    const before = fingerprint(core);
    const content = 'date,kind,name\r\n2027-01-01,holiday,元旦\r\n2027-02-06,workday,春节\u202E调休\r\n';
    const e = await err(core, 'calendar.import', { content });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toEqual([{ path: 'content', message: '日历文件第 3 行含有不可见的控制字符或无效文字，请删除后重试' }]);
    expect(fingerprint(core)).toBe(before);
  });
});

describe('form values of cases', () => {
  it('refuses bad text in every text field of every item, naming the field, and keeps rare characters', async () => {
    const w = await caseWorld();
    const residentId = await w.resident('张三');
    const items = await w.as('li', 'catalogue.list', {});
    let checked = 0;
    for (const { code } of items) {
      const item = await w.as('li', 'catalogue.get', { code });
      const textFields = (item.fields as { key: string; label: string; type: string }[]).filter((f) => f.type === 'text');
      for (const f of textFields) {
        const before = fingerprint(w.core);
        for (const bad of Object.values(BAD)) {
          const e = await w.asErr('li', 'cases.intake', {
            residentId,
            itemCode: code,
            values: { ...VALUES[code], [f.key]: `情况${bad}说明` },
            materials: w.fullMaterials(code),
            decision: 'accept',
            idempotencyKey: `text-${code}-${f.key}-${bad.charCodeAt(0)}`,
          });
          expect(e.code).toBe('VALIDATION');
          expect(e.fields).toContainEqual({ path: `values.${f.key}`, message: badTextMessage(`“${f.label}”`) });
        }
        expect(fingerprint(w.core)).toBe(before);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);

    // The same rule when a reviewer fills in form values at a later stage.
    const code = 'MZ-LSJZ-001';
    const text = (await w.as('li', 'catalogue.get', { code })).fields.find((f) => f.type === 'text')!;
    const kept = `𠮷${String(VALUES[code]![text.key] ?? '火灾')}`;
    await w.household(residentId);
    const { case: c } = await w.intake({ residentId, itemCode: code, values: { ...VALUES[code], [text.key]: kept } });
    expect(JSON.parse(w.row(c.id).form_values as string)[text.key]).toBe(kept);
    const e = await w.asErr('wang', 'cases.transition', { caseId: c.id, action: 'advance', opinion: '属实', values: { [text.key]: '火\u202E灾' } });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toContainEqual({ path: `values.${text.key}`, message: badTextMessage(`“${text.label}”`) });
  });
});

describe('rare characters are stored as typed', () => {
  it('keeps 𠮷 and 䶮 in an address and a bank name, byte for byte', async () => {
    const core = testCore();
    const address = '𠮷野路 䶮 弄 1 号';
    const r = await ok(core, 'residents.register', { idNumber: makeId(1), name: '𠮷䶮', address, bankName: '𠮷银行' });
    const row = core.db.prepare('SELECT hex(address) AS a, bank_name AS b FROM residents WHERE id = ?').get(r.id) as { a: string; b: string };
    expect(row.a).toBe(Buffer.from(address, 'utf8').toString('hex').toUpperCase());
    expect(row.b).toBe('𠮷银行');
  });
});
