/**
 * The test helpers are typed from the contract: a misspelt handler name, an unknown field or
 * missing input in an ordinary test is a type error (`npm run typecheck` fails on an unused
 * `@ts-expect-error` here if the helpers ever fall back to `any`), and the dispatcher refuses
 * the same calls at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { err, errRaw, ok, okRaw, testCore, withPeople } from '../support/temp';

describe('typed test helpers', () => {
  it('ok() and err() take only handler names, fields and results the contract has', async () => {
    const core = testCore();
    const settings = await ok(core, 'settings.get');
    expectTypeOf(settings).not.toBeAny();
    expectTypeOf(settings.centreName).toEqualTypeOf<string>();
    expect(settings.centreName).toBe('示范街道社区事务受理服务中心');

    // @ts-expect-error a misspelt handler name
    expect((await err(core, 'settings.gett', {})).code).toBe('NOT_FOUND');
    // @ts-expect-error a field settings.update does not have
    expect((await err(core, 'settings.update', { centreNmae: '别的中心' })).code).toBe('VALIDATION');
    // @ts-expect-error residents.register needs an ID number and a name
    expect((await err(core, 'residents.register')).code).toBe('VALIDATION');
    // @ts-expect-error a wrong value type
    expect((await err(core, 'calendar.list', { year: '2026' })).code).toBe('VALIDATION');

    // The raw helpers take anything, for input refused on purpose, and return unknown.
    expectTypeOf(await okRaw(core, 'settings.get')).toBeUnknown();
    expect((await errRaw(core, 'settings.update', { centreNmae: '别的中心' })).code).toBe('VALIDATION');
  });

  it('as() and asErr() of withPeople are typed the same way', async () => {
    const core = testCore();
    const { as, asErr, asErrRaw } = await withPeople(core, { li: ['clerk'] });
    const accounts = await as('admin', 'accounts.list');
    expectTypeOf(accounts).not.toBeAny();
    expect(accounts.map((a) => a.username).sort()).toEqual(['admin', 'li']);

    // @ts-expect-error a misspelt handler name
    expect((await asErr('li', 'accounts.lst')).code).toBe('NOT_FOUND');
    // @ts-expect-error roles outside the vocabulary
    expect((await asErr('admin', 'accounts.update', { id: 1, roles: ['boss'] })).code).toBe('VALIDATION');
    expect((await asErrRaw('admin', 'accounts.update', { id: 1, roles: ['boss'] })).code).toBe('VALIDATION');
  });
});
