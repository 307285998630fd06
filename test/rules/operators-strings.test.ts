import { describe, expect, it } from 'vitest';

import { compilePythonRegex } from '../../src/parsing/python-regex.js';
import { check, explainOne, loadError } from './rule-test-helpers.js';

describe('startswith / endswith', () => {
  it('matches prefixes and suffixes, case-sensitively unless i-prefixed', () => {
    expect(check('startswith', 'refs/heads/', 'refs/heads/main')).toBe(true);
    expect(check('startswith', 'Refs', 'refs/heads/main')).toBe(false);
    expect(check('istartswith', 'REFS', 'refs/heads/main')).toBe(true);
    expect(check('endswith', '.yaml', 'a.yaml')).toBe(true);
    expect(check('iendswith', '.YAML', 'a.yaml')).toBe(true);
    expect(check('endswith', '.yaml', 'a.yml')).toBe(false);
  });

  it('does not match non-strings or missing values', () => {
    expect(explainOne('startswith', '1', 12).error).toMatch(/must be a string/);
    expect(check('endswith', 'x', undefined)).toBe(false);
  });
});

describe('matchwildcard', () => {
  it('is a whole-string shell glob where * crosses slashes', () => {
    expect(check('matchwildcard', 'refs/*', 'refs/heads/main')).toBe(true);
    expect(check('matchwildcard', 'refs/?eads/main', 'refs/heads/main')).toBe(true);
    expect(check('matchwildcard', 'ref', 'refs')).toBe(false);
    expect(check('matchwildcard', 'v[0-9].*', 'v1.2')).toBe(true);
    expect(check('matchwildcard', 'v[!0-9]', 'v1')).toBe(false);
    expect(check('matchwildcard', 'a[b', 'a[b')).toBe(true);
    expect(check('matchwildcard', 'A*', 'abc')).toBe(false);
    expect(check('matchwildcard', 'a*c', 'a\nc')).toBe(true);
  });
});

describe('regex operators', () => {
  it('regex searches anywhere, case-sensitively; iregex ignores case', () => {
    expect(check('regex', 'b+', 'abbbc')).toBe(true);
    expect(check('regex', 'B', 'abc')).toBe(false);
    expect(check('iregex', 'B', 'abc')).toBe(true);
  });

  it('matchregex is anchored at the start only and lets . match newlines', () => {
    expect(check('matchregex', 'b', 'abc')).toBe(false);
    expect(check('matchregex', 'a', 'abc')).toBe(true);
    expect(check('matchregex', 'a.c', 'a\nc')).toBe(true);
    expect(check('regex', 'a.c', 'a\nc')).toBe(false);
    expect(check('matchregex', '^value$', 'value')).toBe(true);
  });

  it('understands Python syntax', () => {
    expect(check('regex', '(?P<word>ab)-(?P=word)', 'ab-ab')).toBe(true);
    expect(check('regex', '(?P<word>ab)-(?P=word)', 'ab-ac')).toBe(false);
    expect(check('regex', '\\Aab', 'abc')).toBe(true);
    expect(check('regex', '\\Abc', 'abc')).toBe(false);
    expect(check('regex', 'c\\Z', 'abc\n')).toBe(false);
    expect(check('regex', 'c$', 'abc\n')).toBe(true);
    expect(check('regex', '(?i)ABC', 'abc')).toBe(true);
    expect(check('regex', '[]a]', ']')).toBe(true);
    expect(check('regex', 'a(?#comment)b', 'ab')).toBe(true);
  });

  it('translates Python regexes the way Python reads them', () => {
    expect(compilePythonRegex('(?x) a b # spaced\n c').test('abc')).toBe(true);
    expect(compilePythonRegex('^b', { anchorStart: true }).test('ab')).toBe(false);
    expect(compilePythonRegex('(?m)^b$').test('a\nb\nc')).toBe(true);
  });

  it('a bad regex is a load error naming the file and line', () => {
    const message = loadError(
      [
        'name: on_push',
        'pack: git',
        'trigger:',
        '  type: git.push',
        'criteria:',
        '  trigger.branch:',
        '    type: regex',
        '    pattern: "(unclosed"',
        'action:',
        '  ref: core.noop',
      ].join('\n'),
    );
    expect(message).toMatch(
      /^rules\/on_push\.yaml:8: rule git\.on_push: invalid regular expression "\(unclosed"/,
    );
  });

  it('does not match non-strings', () => {
    expect(explainOne('regex', '1', 1).error).toMatch(/must be a string/);
  });
});
