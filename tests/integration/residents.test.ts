import { describe, expect, it } from 'vitest';
import { explainSearch } from '../../db/src/residents/search';
import type { HandlerInput, HandlerOutput } from '../../db/src/contract';
import { err, errRaw, ok, testCore } from '../support/temp';
import { makeId, TEST_NOW } from '../support/ids';

const core = () => testCore({ now: TEST_NOW });
type Core = ReturnType<typeof core>;

async function register(c: Core, input: HandlerInput<'residents.register'>) {
  return ok(c, 'residents.register', input);
}

async function search(c: Core, query: string, extra: Omit<HandlerInput<'residents.search'>, 'query'> = {}) {
  return ok(c, 'residents.search', { query, ...extra });
}

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;

/** Every field of a search item is either harmless or masked, and nothing else is there. */
function expectMaskedItems(items: HandlerOutput<'residents.search'>['items'], fullValues: string[]) {
  for (const item of items) {
    expect(Object.keys(item).sort()).toEqual(['age', 'id', 'idNumber', 'matchedBy', 'name', 'phone', 'sex'].sort());
    expect(item.idNumber).toMatch(MASKED_ID);
    if (item.phone !== null) expect(item.phone).toMatch(MASKED_PHONE);
  }
  const json = JSON.stringify(items);
  for (const v of fullValues) expect(json).not.toContain(v);
}

describe('residents.register', () => {
  it('registers and returns the masked resident with derived birth date, sex and age', async () => {
    const c = core();
    const r = await register(c, {
      idNumber: '11010519491231002x',
      name: ' 张三 ',
      phone: '13812345678',
      address: '上海市黄浦区中山东一路 1 号',
      bankName: '中国工商银行',
      bankAccount: '6222 0212 3456 7890 123',
    });
    expect(r).toMatchObject({
      idNumber: '110105********002X',
      name: '张三',
      birthDate: '1949-12-31',
      sex: 'female',
      age: 76,
      phone: '138****5678',
      address: '上海市黄浦区中山东一路 1 号',
      bankName: '中国工商银行',
      bankAccount: '****0123',
    });
    expect(r.id).toBeTypeOf('number');
    const stored = c.db.prepare('SELECT id_number, bank_account FROM residents WHERE id = ?').get(r.id);
    expect(stored).toEqual({ id_number: '11010519491231002X', bank_account: '6222021234567890123' });
  });

  it('refuses a second registration of the same number with CONFLICT and the existing id', async () => {
    const c = core();
    const first = await register(c, { idNumber: '11010519491231002X', name: '张三' });
    const e = await err(c, 'residents.register', { idNumber: '11010519491231002x', name: '张三丰' });
    expect(e.code).toBe('CONFLICT');
    expect(e.details).toEqual({ residentId: first.id });
    expect(e.message).not.toContain('11010519491231002X');
  });

  it.each([
    ['310104198001010018', 'checkDigit', /校验位/],
    ['310101199902300017', 'birthDate', /出生日期/],
    ['31010419800101001', 'length', /长度/],
    ['720105194912310023', 'address', /地址码/],
    ['310101203001010011', 'future', /晚于今天/],
    ['31010419800101001A', 'characters', /字符/],
  ])('refuses the bad number %s naming the part %s', async (idNumber, part, label) => {
    const c = core();
    const e = await err(c, 'residents.register', { idNumber, name: '李四' });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toEqual([{ path: 'idNumber', message: expect.stringMatching(label) }]);
    expect(e.details).toMatchObject({ part });
    expect(c.db.prepare('SELECT count(*) AS n FROM residents').get()).toEqual({ n: 0 });
  });

  it('keeps names with characters outside the BMP and without GBK codes byte for byte', async () => {
    const c = core();
    for (const [i, name] of ['𠮷田一', '刘䶮', '𠮷', '王𪚥𪚥'].entries()) {
      const r = await register(c, { idNumber: makeId(i + 1), name });
      expect(r.name).toBe(name);
      const row = c.db.prepare('SELECT name, hex(name) AS hex FROM residents WHERE id = ?').get(r.id) as any;
      expect(row.name).toBe(name);
      expect(row.hex).toBe(Buffer.from(name, 'utf8').toString('hex').toUpperCase());
      expect((await ok(c, 'residents.get', { id: r.id })).name).toBe(name);
    }
  });

  it('trims names, refuses empty or absurdly long ones and counts characters, not code units', async () => {
    const c = core();
    expect((await register(c, { idNumber: makeId(1), name: '\u3000 李四\t' })).name).toBe('李四');
    expect((await register(c, { idNumber: makeId(2), name: '𠮷'.repeat(40) })).name).toBe('𠮷'.repeat(40));
    for (const name of ['', '   ', '\u3000', '李'.repeat(41), '李\u0000四', '李\ud842四']) {
      const e = await err(c, 'residents.register', { idNumber: makeId(3), name });
      expect(e.code).toBe('VALIDATION');
      expect(e.fields?.[0]?.path).toBe('name');
      expect(e.fields?.[0]?.message).toMatch(/姓名/);
    }
    expect((await errRaw(c, 'residents.register', { idNumber: makeId(3) })).fields?.[0]).toEqual({ path: 'name', message: '请填写姓名' });
  });

  it.each([
    ['13812345678', '138****5678', '13812345678'],
    ['+86 138 1234 5678', '138****5678', '13812345678'],
    ['021-12345678', '021****5678', '021-12345678'],
    ['02112345678', '021****5678', '021-12345678'],
    ['0571 87654321', '057****4321', '0571-87654321'],
    ['010-6512345', '010****2345', '010-6512345'],
  ])('accepts the phone %s', async (phone, masked, stored) => {
    const c = core();
    const r = await register(c, { idNumber: makeId(1), name: '李四', phone });
    expect(r.phone).toBe(masked);
    expect(c.db.prepare('SELECT phone FROM residents WHERE id = ?').get(r.id)).toEqual({ phone: stored });
  });

  it.each(['12345', '23812345678', '1381234567', '138123456789', '021-123', '12345678', 'abc', '021-1234567a'])(
    'refuses the phone %s with a clear message',
    async (phone) => {
      const c = core();
      const e = await err(c, 'residents.register', { idNumber: makeId(1), name: '李四', phone });
      expect(e.code).toBe('VALIDATION');
      expect(e.fields).toEqual([{ path: 'phone', message: expect.stringMatching(/11 位手机号码.*区号/) }]);
    },
  );

  it('treats blank optional fields as absent and refuses a malformed bank account', async () => {
    const c = core();
    const r = await register(c, { idNumber: makeId(1), name: '李四', phone: '', address: ' ', bankAccount: '' });
    expect(r).toMatchObject({ phone: null, address: null, bankAccount: null });
    const e = await err(c, 'residents.register', { idNumber: makeId(2), name: '李四', bankAccount: '6222-abc' });
    expect(e.fields?.[0]).toMatchObject({ path: 'bankAccount', message: expect.stringMatching(/银行账号/) });
  });

  it('refuses fields it does not know, such as a typed birth date', async () => {
    const c = core();
    const e = await errRaw(c, 'residents.register', { idNumber: makeId(1), name: '李四', birthDate: '1980-01-01' });
    expect(e.code).toBe('VALIDATION');
  });
});

describe('residents.update and residents.get', () => {
  it('changes only the given fields, clears with null and keeps search keys in step', async () => {
    const c = core();
    const r = await register(c, { idNumber: makeId(1), name: '张三', phone: '13812345678', address: '旧地址' });
    const u = await ok(c, 'residents.update', { id: r.id, name: '单田芳', phone: null, address: '新地址' });
    expect(u).toMatchObject({ name: '单田芳', phone: null, address: '新地址', idNumber: r.idNumber });
    expect((await search(c, 'zs')).items).toEqual([]);
    expect((await search(c, '张三')).items).toEqual([]);
    expect((await search(c, 'stf')).items.map((i) => i.id)).toEqual([r.id]);
    expect((await search(c, '田芳')).items.map((i) => i.id)).toEqual([r.id]);
    expect((await search(c, '5678')).items).toEqual([]);
  });

  it('corrects the ID number only through validation, and birth date and sex follow it', async () => {
    const c = core();
    const r = await register(c, { idNumber: makeId(1, '19800101'), name: '李四' });
    expect(r).toMatchObject({ birthDate: '1980-01-01', sex: 'male' });
    const bad = await err(c, 'residents.update', { id: r.id, idNumber: '310101199902300017' });
    expect(bad).toMatchObject({ code: 'VALIDATION', details: { part: 'birthDate' } });
    const fixed = makeId(2, '19810203');
    const u = await ok(c, 'residents.update', { id: r.id, idNumber: fixed.toLowerCase() });
    expect(u).toMatchObject({ birthDate: '1981-02-03', sex: 'female', idNumber: `${fixed.slice(0, 6)}********${fixed.slice(-4)}` });
    expect((await search(c, fixed)).items.map((i) => i.id)).toEqual([r.id]);
    expect((await search(c, makeId(1, '19800101'))).items).toEqual([]);

    const other = await register(c, { idNumber: makeId(3), name: '王五' });
    const clash = await err(c, 'residents.update', { id: other.id, idNumber: fixed });
    expect(clash).toMatchObject({ code: 'CONFLICT', details: { residentId: r.id } });
  });

  it('refuses an empty change and an unknown resident', async () => {
    const c = core();
    const r = await register(c, { idNumber: makeId(1), name: '李四' });
    expect((await err(c, 'residents.update', { id: r.id })).code).toBe('VALIDATION');
    expect((await err(c, 'residents.update', { id: 999, name: '王五' })).code).toBe('NOT_FOUND');
    expect((await err(c, 'residents.get', { id: 999 })).code).toBe('NOT_FOUND');
  });

  it('gets the masked resident with the current household summary', async () => {
    const c = core();
    const head = await register(c, { idNumber: makeId(1), name: '张三', bankAccount: '6222021234567890' });
    const wife = await register(c, { idNumber: makeId(2), name: '李梅', phone: '021-12345678' });
    expect((await ok(c, 'residents.get', { id: wife.id })).household).toBeNull();
    const h = await ok(c, 'households.create', { headResidentId: head.id, address: '长乐路 1 号' });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: wife.id, relation: '配偶' });
    const got = await ok(c, 'residents.get', { id: wife.id });
    expect(got).toMatchObject({ phone: '021****5678', idNumber: expect.stringMatching(MASKED_ID) });
    expect(got.household).toEqual({
      id: h.id,
      address: '长乐路 1 号',
      headResidentId: head.id,
      headName: '张三',
      relation: '配偶',
      isHead: false,
      memberCount: 2,
      joinedOn: '2026-11-22',
    });
    expect((await ok(c, 'residents.get', { id: head.id })).bankAccount).toBe('****7890');
  });
});

describe('residents.search', () => {
  async function seed(c: Core) {
    const people = {
      zhangsan: await register(c, { idNumber: '11010519491231002X', name: '张三', phone: '13812345678' }),
      zhangsanfeng: await register(c, { idNumber: makeId(11, '19700101'), name: '张三丰', phone: '021-87651234' }),
      shan: await register(c, { idNumber: makeId(13, '19350512'), name: '单田芳' }),
      zeng: await register(c, { idNumber: makeId(15, '19600101'), name: '曾国藩' }),
      qiu: await register(c, { idNumber: makeId(17, '19700101'), name: '仇英' }),
      yue: await register(c, { idNumber: makeId(19, '19800101'), name: '乐嘉' }),
      xie: await register(c, { idNumber: makeId(21, '19900101'), name: '解缙' }),
      ou: await register(c, { idNumber: makeId(23, '19900101'), name: '区志强' }),
      ji: await register(c, { idNumber: makeId(25, '19900101'), name: '𠮷田一' }),
      yan: await register(c, { idNumber: makeId(27, '19900101'), name: '刘䶮' }),
      xiaolong: await register(c, { idNumber: makeId(29, '19400101'), name: '李小龙' }),
      foreigner: await register(c, { idNumber: '910156198808080081', name: 'JOHN SMITH', phone: '13912341234' }),
    };
    return people;
  }
  const ids = (r: HandlerOutput<'residents.search'>) => r.items.map((i) => i.id);
  const FULL = ['11010519491231002X', '13812345678', '021-87651234', '02187651234', '13912341234', '910156198808080081'];

  it('finds the full ID number (either case of x) exactly, ranked first', async () => {
    const c = core();
    const p = await seed(c);
    for (const q of ['11010519491231002X', '11010519491231002x', ' 110105 19491231 002X ']) {
      const r = await search(c, q);
      expect(r.items[0]).toMatchObject({ id: p.zhangsan.id, matchedBy: 'idNumber', name: '张三' });
      expect(r.items).toHaveLength(1);
      expectMaskedItems(r.items, FULL);
    }
  });

  it('finds a resident by a legacy 15-digit number without changing anything', async () => {
    const c = core();
    const p = await seed(c);
    expect((await search(c, '110105491231002')).items[0]).toMatchObject({ id: p.zhangsan.id, matchedBy: 'idNumber' });
  });

  it('finds by the last 4, 5 and 6 characters of the ID number, ranked before phone endings', async () => {
    const c = core();
    const p = await seed(c);
    for (const q of ['002X', '002x', '1002X', '31002X']) {
      expect((await search(c, q)).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.zhangsan.id, 'idSuffix']]);
    }
    // a number whose ID ends like another resident's phone
    const clash = await register(c, { idNumber: makeId(555, '19501010', '310104'), name: '周五' });
    const last4 = makeId(555, '19501010', '310104').slice(-4);
    await ok(c, 'residents.update', { id: p.zeng.id, phone: `1391234${last4}` });
    const r = await search(c, last4);
    expect(r.items.map((i) => [i.id, i.matchedBy])).toEqual([
      [clash.id, 'idSuffix'],
      [p.zeng.id, 'phoneSuffix'],
    ]);
    expectMaskedItems(r.items, FULL);
  });

  it('finds by phone, full or last 4, mobile or landline in either spelling', async () => {
    const c = core();
    const p = await seed(c);
    expect((await search(c, '13812345678')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.zhangsan.id, 'phone']]);
    expect((await search(c, '138 1234 5678')).items.map((i) => i.id)).toEqual([p.zhangsan.id]);
    expect((await search(c, '5678')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.zhangsan.id, 'phoneSuffix']]);
    for (const q of ['021-87651234', '02187651234']) {
      expect((await search(c, q)).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.zhangsanfeng.id, 'phone']]);
    }
    const both = await search(c, '1234');
    expect(new Set(ids(both))).toEqual(new Set([p.zhangsanfeng.id, p.foreigner.id]));
    expectMaskedItems(both.items, FULL);
  });

  it('finds by name: exact first, then prefix, then any 2+ character substring', async () => {
    const c = core();
    const p = await seed(c);
    const r = await search(c, '张三');
    expect(r.items.map((i) => [i.id, i.matchedBy])).toEqual([
      [p.zhangsan.id, 'name'],
      [p.zhangsanfeng.id, 'namePrefix'],
    ]);
    expect(r.items[0]).toMatchObject({ name: '张三', sex: 'female', age: 76, phone: '138****5678' });
    expect((await search(c, '张')).items.map((i) => i.id)).toEqual([p.zhangsan.id, p.zhangsanfeng.id]);
    expect((await search(c, '三丰')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.zhangsanfeng.id, 'nameSubstring']]);
    expect((await search(c, '小龙')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.xiaolong.id, 'nameSubstring']]);
    expect((await search(c, '志强')).items.map((i) => i.id)).toEqual([p.ou.id]);
    expect((await search(c, '田芳')).items.map((i) => i.id)).toEqual([p.shan.id]);
    expect((await search(c, '小李')).items).toEqual([]);
    expectMaskedItems(r.items, FULL);
  });

  it('finds names with characters outside the BMP or without pinyin by name', async () => {
    const c = core();
    const p = await seed(c);
    expect((await search(c, '𠮷')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.ji.id, 'namePrefix']]);
    expect((await search(c, '𠮷田一')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.ji.id, 'name']]);
    expect((await search(c, '𠮷田')).items.map((i) => i.id)).toEqual([p.ji.id]);
    expect((await search(c, '田一')).items.map((i) => [i.id, i.matchedBy])).toEqual([[p.ji.id, 'nameSubstring']]);
    expect((await search(c, '刘䶮')).items.map((i) => i.id)).toEqual([p.yan.id]);
    expect((await search(c, '䶮')).items).toEqual([]); // one character: prefix only
    expect((await search(c, 'liuyan')).items.map((i) => i.id)).toEqual([p.yan.id]);
    // the characters that have a reading still give pinyin keys
    expect((await search(c, 'tianyi')).items.map((i) => i.id)).toEqual([p.ji.id]);
  });

  it('finds by pinyin, full and initials, reading polyphonic surnames as surnames', async () => {
    const c = core();
    const p = await seed(c);
    const cases: [string, number, string][] = [
      ['zs', p.zhangsan.id, 'pinyinInitials'],
      ['ZS', p.zhangsan.id, 'pinyinInitials'],
      ['zhangsan', p.zhangsan.id, 'pinyin'],
      ["zhang san", p.zhangsan.id, 'pinyin'],
      ['shantianfang', p.shan.id, 'pinyin'],
      ['stf', p.shan.id, 'pinyinInitials'],
      ['zengguofan', p.zeng.id, 'pinyin'],
      ['qiuying', p.qiu.id, 'pinyin'],
      ['yuejia', p.yue.id, 'pinyin'],
      ['xiejin', p.xie.id, 'pinyin'],
      ['ouzhiqiang', p.ou.id, 'pinyin'],
      ['ozq', p.ou.id, 'pinyinInitials'],
      ['johnsmith', p.foreigner.id, 'pinyin'],
    ];
    for (const [q, id, by] of cases) {
      const r = await search(c, q);
      expect(r.items.map((i) => [i.id, i.matchedBy]), q).toContainEqual([id, by]);
      expect(r.items[0]?.id, q).toBe(id);
      expectMaskedItems(r.items, FULL);
    }
    // wrong readings of the surnames find nothing
    for (const q of ['dantianfang', 'cengguofan', 'chouying', 'lejia', 'jiejin', 'quzhiqiang']) {
      expect((await search(c, q)).items, q).toEqual([]);
    }
    // a prefix of the full pinyin ranks before initials, both found
    const zh = await search(c, 'zhang');
    expect(zh.items.map((i) => i.id)).toEqual([p.zhangsan.id, p.zhangsanfeng.id]);
    expect((await search(c, 'zsf')).items.map((i) => i.id)).toEqual([p.zhangsanfeng.id]);
  });

  it('caps results, pages with a cursor without repeats, and refuses bad paging input', async () => {
    const c = core();
    const made: number[] = [];
    for (let i = 1; i <= 25; i++) made.push((await register(c, { idNumber: makeId(i * 2), name: `王伟${i}` })).id);
    made.push((await register(c, { idNumber: makeId(99), name: '王伟' })).id);
    made.push((await register(c, { idNumber: makeId(97), name: '老王伟' })).id);

    const first = await search(c, '王伟');
    expect(first.items).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    expect(first.items[0]).toMatchObject({ name: '王伟', matchedBy: 'name' });

    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search(c, '王伟', { limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      expect(page.hasMore).toBe(cursor !== undefined);
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(27);
    expect(new Set(seen)).toEqual(new Set(made));
    expect(seen[seen.length - 1]).toBe(made[made.length - 1]); // the substring match comes last

    expect((await err(c, 'residents.search', { query: '王伟', limit: 101 })).fields?.[0]?.path).toBe('limit');
    expect((await ok(c, 'residents.search', { query: '王伟', limit: 100 })).items).toHaveLength(27);
    expect((await err(c, 'residents.search', { query: '王伟', cursor: 'not-a-cursor' })).fields?.[0]?.path).toBe('cursor');
    expect((await err(c, 'residents.search', { query: '  ' })).code).toBe('VALIDATION');
  });

  it('pages across search paths (ID endings, then phone endings)', async () => {
    const c = core();
    const want: number[] = [];
    // ID numbers ending in the same 4 characters: vary the birth date until they do
    let seq = 1;
    const target = makeId(7, '19800101').slice(-4);
    want.push((await register(c, { idNumber: makeId(7, '19800101'), name: '甲' })).id);
    for (let day = 2; want.length < 4 && day < 400; day++) {
      const birth = `1980${String(Math.floor((day - 1) / 28) + 1).padStart(2, '0')}${String(((day - 1) % 28) + 1).padStart(2, '0')}`;
      const id = makeId(7, birth);
      if (id.slice(-4) === target) want.push((await register(c, { idNumber: id, name: `乙${seq++}` })).id);
    }
    for (let i = 0; i < 3; i++) {
      want.push((await register(c, { idNumber: makeId(100 + i * 2, '19900101'), name: `丙${i}`, phone: `1380000${target}` })).id);
    }
    expect(target).toBe('0077');
    expect(want).toHaveLength(7);
    const seen: HandlerOutput<'residents.search'>['items'] = [];
    let cursor: string | undefined;
    do {
      const page = await search(c, target, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // every resident once, ID endings as a block before phone endings
    expect(seen).toHaveLength(want.length);
    const idPart = want.length - 3;
    expect(new Set(seen.slice(0, idPart).map((i) => i.id))).toEqual(new Set(want.slice(0, idPart)));
    expect(new Set(seen.slice(idPart).map((i) => i.id))).toEqual(new Set(want.slice(idPart)));
    expect(seen.map((i) => i.matchedBy)).toEqual([...Array(idPart).fill('idSuffix'), 'phoneSuffix', 'phoneSuffix', 'phoneSuffix']);
  });

  it('uses an index on every path, on first and later pages (EXPLAIN QUERY PLAN)', async () => {
    const c = core();
    await seed(c);
    // Enough rows and statistics for the planner to choose as it would on a centre's file.
    const insert = c.db.prepare(
      `INSERT INTO residents (id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at, phone, phone_rev)
       VALUES (@id, @rev, @name, '1980-01-01', 'male', 'wang', 'w', 'x', 'x', '13800000000', '00000000831')`,
    );
    c.db.transaction(() => {
      for (let i = 1; i <= 2000; i++) {
        const id = makeId(i % 999 || 1, `19${String(50 + (i % 40))}0101`);
        insert.run({ id: id.slice(0, 14) + String(i).padStart(4, '0'), rev: [...id].reverse().join(''), name: `王${i}` });
      }
    })();
    c.db.exec('ANALYZE');
    const queries = ['11010519491231002X', '110105491231002', '002X', '123456', '13812345678', '5678', '021-87651234', '张', '张三', '小龙', '𠮷田一', 'zs', 'zhangsan', 'JOHN'];
    const seenPaths = new Set<string>();
    for (const q of queries) {
      for (const { path, plan } of explainSearch(c.db, q, '2026-11-22')) {
        seenPaths.add(path.replace(' (next page)', ''));
        const text = plan.join(' | ');
        expect(plan.filter((d) => /^SCAN\b/.test(d)), `${q} / ${path}: ${text}`).toEqual([]);
        expect(text, `${q} / ${path}`).toMatch(/SEARCH (r|b) USING (COVERING )?(INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)/);
        expect(text, `${q} / ${path}`).not.toMatch(/TEMP B-TREE/);
      }
    }
    expect([...seenPaths].sort()).toEqual(
      ['idNumber', 'idSuffix', 'phone', 'name', 'nameSubstring', 'pinyin', 'pinyinInitials'].sort(),
    );
  });
});

describe('residents.reveal', () => {
  it('returns one full value only with a reason, and stores the reason', async () => {
    const c = core();
    const r = await register(c, {
      idNumber: '11010519491231002X',
      name: '张三',
      phone: '021 12345678',
      bankAccount: '6222021234567890',
    });
    expect(await ok(c, 'residents.reveal', { id: r.id, field: 'idNumber', reason: '核对身份证原件' })).toEqual({
      field: 'idNumber',
      value: '11010519491231002X',
    });
    expect((await ok(c, 'residents.reveal', { id: r.id, field: 'phone', reason: '电话回访' })).value).toBe('021-12345678');
    expect((await ok(c, 'residents.reveal', { id: r.id, field: 'bankAccount', reason: '核对发放账户' })).value).toBe('6222021234567890');

    for (const reason of [undefined, '', '   ']) {
      const e = await errRaw(c, 'residents.reveal', { id: r.id, field: 'idNumber', ...(reason === undefined ? {} : { reason }) });
      expect(e.code).toBe('VALIDATION');
      expect(e.fields?.[0]).toMatchObject({ path: 'reason', message: expect.stringMatching(/理由/) });
    }
    expect((await errRaw(c, 'residents.reveal', { id: r.id, field: 'name', reason: 'x' })).fields?.[0]?.path).toBe('field');

    // actor 1 is the signed-in administrator ok() acts as.
    const log = c.db.prepare('SELECT resident_id, field, reason, actor, at FROM resident_reveals ORDER BY id').all();
    expect(log).toEqual([
      { resident_id: r.id, field: 'idNumber', reason: '核对身份证原件', actor: 1, at: TEST_NOW().toISOString() },
      { resident_id: r.id, field: 'phone', reason: '电话回访', actor: 1, at: TEST_NOW().toISOString() },
      { resident_id: r.id, field: 'bankAccount', reason: '核对发放账户', actor: 1, at: TEST_NOW().toISOString() },
    ]);
  });

  it('reports a field the resident does not have and an unknown resident, logging nothing', async () => {
    const c = core();
    const r = await register(c, { idNumber: makeId(1), name: '李四' });
    expect((await err(c, 'residents.reveal', { id: r.id, field: 'phone', reason: '回访' })).code).toBe('NOT_FOUND');
    expect((await err(c, 'residents.reveal', { id: 999, field: 'idNumber', reason: '回访' })).code).toBe('NOT_FOUND');
    expect(c.db.prepare('SELECT count(*) AS n FROM resident_reveals').get()).toEqual({ n: 0 });
  });
});
