import { describe, expect, it } from 'vitest';
import { combineHandlers, handlers } from '../../db/src/handlers';
import { systemHandlers } from '../../db/src/system/handlers';

describe('combineHandlers', () => {
  it('joins feature maps', () => {
    const joined = combineHandlers({ 'a.one': 1 }, { 'b.two': 2 });
    expect(Object.keys(joined)).toEqual(['a.one', 'b.two']);
  });

  it('refuses a name two features declare, naming it, instead of letting the later one win', () => {
    expect(() => combineHandlers({ 'a.one': 1, 'a.two': 2 }, { 'a.two': 3 })).toThrow('a.two');
    expect(() => combineHandlers(handlers, systemHandlers)).toThrow('system.info');
  });
});
