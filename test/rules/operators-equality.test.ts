import { describe, expect, it } from 'vitest';

import { check, explainOne } from './rule-test-helpers.js';

describe('equals / nequals / iequals', () => {
  it('compares with Python semantics and no coercion', () => {
    expect(check('equals', 'st2', 'st2')).toBe(true);
    expect(check('equals', 'st2', 'St2')).toBe(false);
    expect(check('equals', 1, '1')).toBe(false);
    expect(check('equals', '1', 1)).toBe(false);
    expect(check('equals', 1, 1.0)).toBe(true);
    expect(check('equals', [1, 'a'], [1, 'a'])).toBe(true);
    expect(check('equals', { a: [1] }, { a: [1] })).toBe(true);
    expect(check('equals', { a: [1] }, { a: [2] })).toBe(false);
  });

  it('treats booleans as Python ints (True == 1)', () => {
    expect(check('equals', 1, true)).toBe(true);
    expect(check('equals', 0, false)).toBe(true);
    expect(check('equals', true, 'true')).toBe(false);
  });

  it('never matches a null pattern or a missing value, except nequals', () => {
    expect(check('equals', null, null)).toBe(false);
    expect(check('equals', 'x', undefined)).toBe(false);
    expect(check('nequals', 'x', undefined)).toBe(true);
    expect(check('nequals', 'x', 'x')).toBe(false);
    expect(check('neq', 1, '1')).toBe(true);
  });

  it('accepts aliases and any letter case in operator names', () => {
    expect(check('eq', 'a', 'a')).toBe(true);
    expect(check('EQUALS', 'a', 'a')).toBe(true);
    expect(check('Ieq', 'ABC', 'abc')).toBe(true);
  });

  it('iequals needs strings: anything else is an error and no match', () => {
    expect(check('iequals', 'WatchEvent', 'watchevent')).toBe(true);
    const result = explainOne('iequals', 'abc', 5);
    expect(result.matched).toBe(false);
    expect(result.error).toMatch(/must be a string/);
    expect(explainOne('iequals', 'abc', undefined).error).toMatch(/NoneType/);
  });
});
