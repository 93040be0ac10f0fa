import { describe, expect, it } from 'vitest';
import { currentHouseholdSnapshot } from '../../db/src/households/households';
import { err, errRaw, ok, testCore } from '../support/temp';
import { makeId } from '../support/ids';

/** A core whose clock the test moves day by day (membership dates are Shanghai dates). */
function setup() {
  let now = new Date('2026-03-02T10:00:00+08:00');
  const c = testCore({ now: () => now });
  let seq = 0;
  return {
    c,
    setDate(day: string) {
      now = new Date(`${day}T10:00:00+08:00`);
    },
    async person(name: string) {
      seq += 1;
      return (await ok(c, 'residents.register', { idNumber: makeId(seq), name })).id;
    },
  };
}

describe('households', () => {
  it('creates a household with its head and adds members with their relation', async () => {
    const { c, person } = setup();
    const head = await person('张三');
    const wife = await person('李梅');
    const son = await person('张小明');
    const h = await ok(c, 'households.create', { headResidentId: head, address: '长乐路 1 弄 2 号' });
    expect(h).toMatchObject({ address: '长乐路 1 弄 2 号', dissolvedOn: null, head: { residentId: head, relation: '本人', isHead: true } });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: wife, relation: '配偶' });
    const got = await ok(c, 'households.addMember', { householdId: h.id, residentId: son, relation: '子女' });
    expect(got.members.map((m) => [m.name, m.relation, m.isHead, m.joinedOn])).toEqual([
      ['张三', '本人', true, '2026-03-02'],
      ['李梅', '配偶', false, '2026-03-02'],
      ['张小明', '子女', false, '2026-03-02'],
    ]);
    for (const m of got.members) expect(m.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(await ok(c, 'households.get', { residentId: son })).toEqual(await ok(c, 'households.get', { id: h.id }));
  });

  it('refuses bad relations, duplicates and unknown records with clear errors', async () => {
    const { c, person } = setup();
    const head = await person('张三');
    const other = await person('李梅');
    const h = await ok(c, 'households.create', { headResidentId: head });
    for (const relation of ['本人', '邻居', '']) {
      const e = await errRaw(c, 'households.addMember', { householdId: h.id, residentId: other, relation });
      expect(e.code).toBe('VALIDATION');
      expect(e.fields?.[0]).toMatchObject({ path: 'relation', message: expect.stringMatching(/与户主关系应为：配偶、子女/) });
    }
    expect(await err(c, 'households.addMember', { householdId: h.id, residentId: head, relation: '其他' })).toMatchObject({
      code: 'CONFLICT',
      message: '该居民已是本户成员',
    });
    expect((await err(c, 'households.addMember', { householdId: 999, residentId: other, relation: '配偶' })).code).toBe('NOT_FOUND');
    expect((await err(c, 'households.addMember', { householdId: h.id, residentId: 999, relation: '配偶' })).code).toBe('NOT_FOUND');
    expect((await err(c, 'households.create', { headResidentId: 999 })).code).toBe('NOT_FOUND');
    expect((await err(c, 'households.get', {})).code).toBe('VALIDATION');
    expect((await err(c, 'households.get', { id: h.id, residentId: head })).code).toBe('VALIDATION');
    expect(await err(c, 'households.get', { residentId: other })).toMatchObject({ code: 'NOT_FOUND', message: '该居民目前不属于任何户' });
  });

  it('moves a member to another household, closing the old membership with its date', async () => {
    const { c, person, setDate } = setup();
    const a = await person('张三');
    const b = await person('李四');
    const daughter = await person('张丽');
    const ha = await ok(c, 'households.create', { headResidentId: a });
    const hb = await ok(c, 'households.create', { headResidentId: b });
    await ok(c, 'households.addMember', { householdId: ha.id, residentId: daughter, relation: '子女' });

    setDate('2026-05-20');
    const after = await ok(c, 'households.addMember', { householdId: hb.id, residentId: daughter, relation: '儿媳' });
    expect(after.members.map((m) => m.residentId)).toEqual([b, daughter]);

    const old = await ok(c, 'households.get', { id: ha.id });
    expect(old.members.map((m) => m.residentId)).toEqual([a]);
    expect(old.history).toEqual([
      { residentId: a, name: '张三', relation: '本人', isHead: true, joinedOn: '2026-03-02', leftOn: null },
      { residentId: daughter, name: '张丽', relation: '子女', isHead: false, joinedOn: '2026-03-02', leftOn: '2026-05-20' },
    ]);
    expect((await ok(c, 'households.get', { residentId: daughter })).id).toBe(hb.id);
    expect((await ok(c, 'residents.get', { id: daughter })).household).toMatchObject({ id: hb.id, relation: '儿媳', headName: '李四' });
  });

  it('enforces one current household per resident and one head per household in SQL', async () => {
    const { c, person } = setup();
    const a = await person('张三');
    const b = await person('李四');
    const ha = await ok(c, 'households.create', { headResidentId: a });
    const hb = await ok(c, 'households.create', { headResidentId: b });
    const insert = c.db.prepare(
      `INSERT INTO household_members (household_id, resident_id, relation, is_head, joined_on) VALUES (?, ?, ?, ?, '2026-03-02')`,
    );
    expect(() => insert.run(hb.id, a, '其他', 0)).toThrow(/UNIQUE/);
    expect(() => insert.run(ha.id, b, '本人', 1)).toThrow(/UNIQUE/);
    expect(() => insert.run(ha.id, b, '配偶', 1)).toThrow(/CHECK/);
  });

  it('refuses to move the head of a household that has other members, but moves a lone head and dissolves', async () => {
    const { c, person, setDate } = setup();
    const a = await person('张三');
    const wife = await person('李梅');
    const b = await person('王五');
    const ha = await ok(c, 'households.create', { headResidentId: a });
    await ok(c, 'households.addMember', { householdId: ha.id, residentId: wife, relation: '配偶' });
    const hb = await ok(c, 'households.create', { headResidentId: b });

    const e = await err(c, 'households.addMember', { householdId: hb.id, residentId: a, relation: '兄弟姐妹' });
    expect(e).toMatchObject({ code: 'CONFLICT', details: { householdId: ha.id, residentId: a } });
    expect(e.message).toMatch(/户主.*指定新户主/);

    setDate('2026-04-01');
    await ok(c, 'households.addMember', { householdId: ha.id, residentId: b, relation: '兄弟姐妹' });
    const gone = await ok(c, 'households.get', { id: hb.id });
    expect(gone).toMatchObject({ dissolvedOn: '2026-04-01', head: null, members: [] });
    expect(gone.history).toEqual([{ residentId: b, name: '王五', relation: '本人', isHead: true, joinedOn: '2026-03-02', leftOn: '2026-04-01' }]);
    expect((await err(c, 'households.addMember', { householdId: hb.id, residentId: wife, relation: '其他' })).message).toMatch(/已于 2026-04-01 注销/);
  });

  it('removes a member, and removes the head only when a current member is named as the new head', async () => {
    const { c, person, setDate } = setup();
    const head = await person('张三');
    const wife = await person('李梅');
    const son = await person('张小明');
    const grandson = await person('张豆豆');
    const outsider = await person('王五');
    const h = await ok(c, 'households.create', { headResidentId: head });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: wife, relation: '配偶' });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: son, relation: '子女' });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: grandson, relation: '孙子女' });

    setDate('2026-06-01');
    const noHead = await err(c, 'households.removeMember', { householdId: h.id, residentId: head });
    expect(noHead).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'newHeadResidentId', message: expect.stringMatching(/新户主/) }] });
    expect((await err(c, 'households.removeMember', { householdId: h.id, residentId: head, newHeadResidentId: outsider })).fields?.[0]?.path).toBe(
      'newHeadResidentId',
    );
    expect((await err(c, 'households.removeMember', { householdId: h.id, residentId: wife, newHeadResidentId: son })).code).toBe('VALIDATION');
    expect((await err(c, 'households.removeMember', { householdId: h.id, residentId: outsider })).code).toBe('CONFLICT');

    const after = await ok(c, 'households.removeMember', {
      householdId: h.id,
      residentId: head,
      newHeadResidentId: son,
      relations: [
        { residentId: wife, relation: '父母' },
        { residentId: grandson, relation: '子女' },
      ],
    });
    expect(after.head).toMatchObject({ residentId: son, relation: '本人', isHead: true, joinedOn: '2026-06-01' });
    expect(after.members.map((m) => [m.name, m.relation])).toEqual([
      ['张小明', '本人'],
      ['李梅', '父母'],
      ['张豆豆', '子女'],
    ]);
    const rows = after.history.map((m) => [m.name, m.relation, m.joinedOn, m.leftOn]);
    expect(rows).toEqual([
      ['张三', '本人', '2026-03-02', '2026-06-01'],
      ['李梅', '配偶', '2026-03-02', '2026-06-01'],
      ['张小明', '子女', '2026-03-02', '2026-06-01'],
      ['张豆豆', '孙子女', '2026-03-02', '2026-06-01'],
      ['张小明', '本人', '2026-06-01', null],
      ['李梅', '父母', '2026-06-01', null],
      ['张豆豆', '子女', '2026-06-01', null],
    ]);
    expect((await ok(c, 'residents.get', { id: head })).household).toBeNull();

    setDate('2026-07-01');
    const left = await ok(c, 'households.removeMember', { householdId: h.id, residentId: grandson });
    expect(left.members.map((m) => m.name)).toEqual(['张小明', '李梅']);
    expect(left.history.at(-1)).toMatchObject({ name: '张豆豆', leftOn: '2026-07-01' });
  });

  it('dissolves a household when its last member leaves', async () => {
    const { c, person } = setup();
    const head = await person('张三');
    const h = await ok(c, 'households.create', { headResidentId: head });
    const after = await ok(c, 'households.removeMember', { householdId: h.id, residentId: head });
    expect(after).toMatchObject({ dissolvedOn: '2026-03-02', members: [], head: null });
  });

  it('lets a member found a new household, leaving the old one with its history', async () => {
    const { c, person, setDate } = setup();
    const head = await person('张三');
    const son = await person('张小明');
    const h = await ok(c, 'households.create', { headResidentId: head });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: son, relation: '子女' });
    setDate('2026-09-09');
    const own = await ok(c, 'households.create', { headResidentId: son, address: '新居' });
    expect(own.head).toMatchObject({ residentId: son, joinedOn: '2026-09-09' });
    expect((await ok(c, 'households.get', { id: h.id })).history.at(-1)).toMatchObject({ residentId: son, leftOn: '2026-09-09' });
  });

  it('gives later features a snapshot of the current household with full values', async () => {
    const { c, person } = setup();
    const head = await person('张三');
    const wife = await person('李梅');
    const h = await ok(c, 'households.create', { headResidentId: head, address: '长乐路' });
    await ok(c, 'households.addMember', { householdId: h.id, residentId: wife, relation: '配偶' });
    expect(currentHouseholdSnapshot(c.db, wife)).toEqual({
      householdId: h.id,
      address: '长乐路',
      headResidentId: head,
      members: [
        { residentId: head, name: '张三', idNumber: makeId(1), birthDate: '1980-01-01', sex: 'male', relation: '本人', isHead: true, joinedOn: '2026-03-02' },
        { residentId: wife, name: '李梅', idNumber: makeId(2), birthDate: '1980-01-01', sex: 'female', relation: '配偶', isHead: false, joinedOn: '2026-03-02' },
      ],
    });
    expect(currentHouseholdSnapshot(c.db, await person('王五'))).toBeNull();
  });
});
