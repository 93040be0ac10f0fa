import { describe, expect, it } from 'vitest';
import type { ItemDefinition } from '../../renderer/src/features/cases/types';
import {
  FIX_MARKED,
  initialIntake,
  intakeReducer,
  placeErrors,
  prepareIntake,
  type Applicant,
  type IntakeAction,
  type IntakeState,
} from '../../renderer/src/features/intake/intakeState';

const applicant: Applicant = { id: 7, name: '王秀英', idNumber: '310101195001011234', sex: 'female', age: 76, phone: null };

// Only what the screen reads of an item: its form fields and its materials.
const item = {
  code: 'MZ-DB',
  fields: [
    { key: 'income', label: '月收入', type: 'money', required: true },
    { key: 'applied', label: '申请日期', type: 'date', required: false },
  ],
  materials: [
    { key: 'id', name: '身份证', copies: 1, form: 'original', required: true, deferrable: false },
    { key: 'hukou', name: '户口簿', copies: 2, form: 'copy', required: true, deferrable: true },
    { key: 'photo', name: '照片', copies: 1, form: 'original', required: false, deferrable: false },
  ],
} as unknown as ItemDefinition;

const play = (...actions: IntakeAction[]): IntakeState => actions.reduce(intakeReducer, initialIntake('3', 'key-1'));

describe('the intake reducer', () => {
  it('keeps what was typed per item, so switching items by mistake loses nothing', () => {
    const s = play(
      { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' },
      { type: 'setValue', key: 'income', value: '800' },
      { type: 'pickItem', code: 'JY-SY', name: '失业登记' },
      { type: 'setValue', key: 'income', value: '1' },
      { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' },
    );
    expect(s.valuesByItem['MZ-DB']).toEqual({ income: '800' });
    expect(s.valuesByItem['JY-SY']).toEqual({ income: '1' });
    expect(s.itemSearch).toBe('最低生活保障');
  });

  it('clears the red mark of a field when the clerk changes it, and the pointer alert with the last one', () => {
    let s = play({ type: 'chooseApplicant', applicant }, { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' });
    s = intakeReducer(s, { type: 'submitFailed', fieldErrors: { 'values.income': '请填写月收入', 'materials.id': '缺少身份证' }, actionError: FIX_MARKED });
    s = intakeReducer(s, { type: 'setValue', key: 'income', value: '800' });
    expect(s.fieldErrors).toEqual({ 'materials.id': '缺少身份证' });
    expect(s.actionError).toBe(FIX_MARKED);
    s = intakeReducer(s, { type: 'allReceived', materials: item.materials });
    expect(s.fieldErrors).toEqual({});
    expect(s.actionError).toBeNull();
    expect(s.receivedByItem['MZ-DB']).toEqual({ id: 1, hukou: 2 });
  });

  it('a new applicant (Alt+N) starts over with a new request number; 再办一件 keeps the applicant and the window', () => {
    const filled = play(
      { type: 'setWindow', windowNo: '5' },
      { type: 'chooseApplicant', applicant },
      { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' },
      { type: 'chooseDecision', decision: 'refuse' },
      { type: 'setRefusal', reason: '不属于本中心受理范围' },
    );
    const next = intakeReducer(filled, { type: 'reset', keepApplicant: false, idempotencyKey: 'key-2' });
    expect(next).toEqual({ ...initialIntake('5', 'key-2') });
    const again = intakeReducer(filled, { type: 'reset', keepApplicant: true, idempotencyKey: 'key-3' });
    expect(again.applicant).toEqual(applicant);
    expect(again.itemCode).toBeNull();
    expect(again.decision).toBe('accept');
  });
});

describe('the intake call of a state', () => {
  it('refuses without an applicant, then without an item', () => {
    expect(prepareIntake(play(), item)).toMatchObject({ ok: false, actionError: '请先查找并选定申请人' });
    expect(prepareIntake(play({ type: 'chooseApplicant', applicant }), null)).toEqual({
      ok: false,
      fieldErrors: { itemCode: '请选择申请事项' },
      actionError: null,
      focus: 'item',
    });
  });

  it('names an empty 补交日期 and a refusal without reason before asking the core', () => {
    const base = play({ type: 'chooseApplicant', applicant }, { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' }, { type: 'setReceived', key: 'id', copies: 1 });
    const deferring = intakeReducer(base, { type: 'chooseDecision', decision: 'accept_deferred' });
    expect(prepareIntake(deferring, item)).toEqual({ ok: false, fieldErrors: { 'deferred.hukou': '请填写补交日期' }, actionError: FIX_MARKED });
    const refusing = intakeReducer(base, { type: 'chooseDecision', decision: 'refuse' });
    expect(prepareIntake(refusing, item)).toEqual({ ok: false, fieldErrors: { 'refusal.reason': '不予受理须写明理由' }, actionError: FIX_MARKED });
  });

  it('sends 容缺受理 with normalised due dates and values, the signed commitment and the window', () => {
    const s = play(
      { type: 'chooseApplicant', applicant },
      { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' },
      { type: 'setValue', key: 'income', value: '800' },
      { type: 'setValue', key: 'applied', value: '2026/3/9' },
      { type: 'setReceived', key: 'id', copies: 1 },
      { type: 'chooseDecision', decision: 'accept_deferred' },
      { type: 'setDueDate', key: 'hukou', date: '20260320' },
      { type: 'setCommitmentSigned', signed: true },
    );
    const prepared = prepareIntake(s, item);
    expect(prepared.ok && prepared.input).toEqual({
      residentId: 7,
      itemCode: 'MZ-DB',
      values: { income: 800, applied: '2026-03-09' },
      materials: [
        { key: 'id', copies: 1 },
        { key: 'hukou', copies: 0 },
        { key: 'photo', copies: 0 },
      ],
      decision: 'accept_deferred',
      deferred: [{ key: 'hukou', dueDate: '2026-03-20' }],
      commitment: { signed: true, text: s.commitmentText },
      idempotencyKey: 'key-1',
      windowNo: '3',
    });
  });

  it('places the core field errors by material key, not by index', () => {
    const sent = [{ key: 'id' }, { key: 'hukou' }];
    expect(
      placeErrors(
        [
          { path: 'materials.1.copies', message: '份数不足' },
          { path: 'deferred.0.dueDate', message: '晚于承诺办结日期' },
          { path: 'values.income', message: '请填写' },
          { path: 'materials.1.key', message: '第二条' },
        ],
        sent,
        [{ key: 'hukou' }],
      ),
    ).toEqual({ 'materials.hukou': '份数不足', 'deferred.hukou': '晚于承诺办结日期', 'values.income': '请填写' });
  });

  it('a benefit already received: proposes 不予受理 with the reason; taking it in needs the confirmation and its reason', () => {
    const duplicate = { key: '7|MZ-DB|C1', refusalReason: '申请人已享受最低生活保障（办件 C1，自2026-04起），不予重复受理' };
    let s = play(
      { type: 'chooseApplicant', applicant },
      { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' },
      { type: 'allReceived', materials: item.materials },
      { type: 'setValue', key: 'income', value: '800' },
      { type: 'setDuplicate', duplicate },
    );
    expect(s.decision).toBe('refuse');
    expect(s.refusal.reason).toBe(duplicate.refusalReason);
    const refusing = prepareIntake(s, item);
    expect(refusing.ok && refusing.input).toMatchObject({ decision: 'refuse', refusal: { reason: duplicate.refusalReason } });
    expect(refusing.ok && refusing.input).not.toHaveProperty('confirmDuplicate');

    s = intakeReducer(s, { type: 'chooseDecision', decision: 'accept' });
    expect(prepareIntake(s, item)).toMatchObject({ ok: false, fieldErrors: { confirmDuplicate: expect.stringContaining('情况有变化，确认仍予受理') } });
    s = intakeReducer(s, { type: 'confirmDuplicate', confirmed: true });
    expect(prepareIntake(s, item)).toMatchObject({ ok: false, fieldErrors: { 'confirmDuplicate.reason': '请写明仍予受理的理由' } });
    s = intakeReducer(s, { type: 'confirmDuplicate', reason: ' 家庭人口变化 ' });
    const taking = prepareIntake(s, item);
    expect(taking.ok && taking.input).toMatchObject({ decision: 'accept', confirmDuplicate: { reason: '家庭人口变化' } });

    // The same finding again changes nothing; another item forgets it and the proposed refusal.
    expect(intakeReducer(s, { type: 'setDuplicate', duplicate })).toBe(s);
    const other = play({ type: 'chooseApplicant', applicant }, { type: 'pickItem', code: 'MZ-DB', name: '最低生活保障' }, { type: 'setDuplicate', duplicate }, { type: 'pickItem', code: 'JY-SY', name: '失业登记' });
    expect(other).toMatchObject({ duplicate: null, decision: 'accept', refusal: { reason: '' } });
  });
});
