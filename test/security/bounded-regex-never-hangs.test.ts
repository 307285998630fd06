import { describe, expect, it } from 'vitest';

import { compileBoundedPythonRegex } from '../../src/security/bounded-regex/bounded-regex.js';
import { RegexBudgetError } from '../../src/security/bounded-regex/regex-bounds.js';

describe('a user regex is matched under a bound', () => {
  it('runs a catastrophic pattern RE2 can express in linear time', () => {
    expect(compileBoundedPythonRegex('(a+)+b').engine).toBe('re2');
    expect(compileBoundedPythonRegex('(a+)+b').test(`${'a'.repeat(50)}!`)).toBe(false);
    expect(compileBoundedPythonRegex('(a+)+$').test(`${'a'.repeat(50)}!`)).toBe(false);
    expect(compileBoundedPythonRegex('(a+)+$').test('a'.repeat(50))).toBe(true);
  });

  it('translates Python named groups for RE2', () => {
    const match = compileBoundedPythonRegex('(?P<user>\\w+)@(?P<host>[a-z.]+)').exec(
      'mail root@example.org now',
    );
    expect(match?.named).toMatchObject({ user: 'root', host: 'example.org' });
  });

  it('matches a back-reference outside the event loop', () => {
    const regex = compileBoundedPythonRegex('(\\w+) \\1');
    expect(regex.engine).toBe('budgeted');
    expect(regex.test('hello hello')).toBe(true);
    expect(regex.test('hello world')).toBe(false);
  });

  it('gives up on a back-reference pattern that overruns its budget, and does not run it again', () => {
    const regex = compileBoundedPythonRegex('^(a|aa)+\\1b$');
    const hostile = `${'a'.repeat(60)}c`;
    expect(() => regex.test(hostile)).toThrow(RegexBudgetError);
    expect(() => regex.test('ab')).toThrow(/E_REGEX_BUDGET|budget|cool/i);
  });
});
