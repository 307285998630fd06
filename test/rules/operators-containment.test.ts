import { describe, expect, it } from 'vitest';

import { check, explainOne } from './rule-test-helpers.js';

describe('contains family', () => {
  it('is substring for strings, membership for lists, key membership for objects', () => {
    expect(check('contains', 'push', 'on push event')).toBe(true);
    expect(check('contains', 'b', ['a', 'b'])).toBe(true);
    expect(check('contains', 'c', ['a', 'b'])).toBe(false);
    expect(check('contains', 'k', { k: 1 })).toBe(true);
    expect(check('contains', 1, { '1': 1 })).toBe(false);
    expect(check('contains', 1, [true])).toBe(true);
  });

  it('is a type error (no match) when Python would raise', () => {
    expect(explainOne('contains', 1, 'abc').error).toMatch(/requires string as left operand/);
    expect(explainOne('contains', 'a', 5).error).toMatch(/not iterable/);
  });

  it('ncontains is false on a missing field', () => {
    expect(check('ncontains', 'x', undefined)).toBe(false);
    expect(check('ncontains', 'x', 'abc')).toBe(true);
    expect(check('ncontains', 'b', 'abc')).toBe(false);
    expect(check('ncontains', 'a', ['a'])).toBe(false);
  });

  it('icontains / incontains lower-case both sides and need strings', () => {
    expect(check('icontains', 'PUSH', 'on push')).toBe(true);
    expect(check('incontains', 'PUSH', 'on push')).toBe(false);
    expect(check('incontains', 'pull', 'on push')).toBe(true);
    expect(explainOne('icontains', 'a', ['A']).error).toMatch(/must be a string/);
    expect(check('incontains', 'a', undefined)).toBe(false);
  });
});

describe('inside / ninside', () => {
  it('tests the value against a list or a string', () => {
    expect(check('inside', ['main', 'dev'], 'main')).toBe(true);
    expect(check('in', ['main', 'dev'], 'feature')).toBe(false);
    expect(check('inside', 'main-branch', 'main')).toBe(true);
    expect(check('inside', [1, 2], true)).toBe(true);
    expect(check('ninside', ['main'], 'dev')).toBe(true);
    expect(check('nin', ['main'], 'main')).toBe(false);
  });

  it('follows Python for a missing value: None in a list is a plain membership test', () => {
    expect(check('inside', ['a'], undefined)).toBe(false);
    expect(check('ninside', ['a'], undefined)).toBe(true);
    expect(check('ninside', 'abc', undefined)).toBe(false);
  });

  it('rejects a pattern that can never hold a value at load', () => {
    expect(() => check('inside', 5, 5)).toThrow(/pattern must be a list or a string/);
  });
});
