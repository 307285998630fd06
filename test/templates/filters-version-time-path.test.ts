import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/templates/compile-template.js';

const render = (source: string, extra: Record<string, unknown> = {}): unknown =>
  compileTemplate(source)({ extra });

describe('version filters (st2 docs examples)', () => {
  it.each([
    ['{{ "0.10.1" | version_compare("0.9.0") }}', 1],
    ['{{ "0.10.0" | version_compare("0.10.1") }}', -1],
    ['{{ "0.10.1" | version_compare("0.10.1") }}', 0],
    ['{{ "1.0.0-alpha" | version_compare("1.0.0") }}', -1],
    ['{{ "1.0.0-alpha.1" | version_compare("1.0.0-alpha.beta") }}', -1],
    ['{{ "1.0.0+build.5" | version_compare("1.0.0") }}', 0],
    ['{{ "0.10.1" | version_more_than("0.9.0") }}', true],
    ['{{ "0.10.1" | version_less_than("0.9.0") }}', false],
    ['{{ "0.10.1" | version_equal("0.10.1") }}', true],
    ['{{ "0.10.1" | version_match(">0.9.0") }}', true],
    ['{{ "0.10.1" | version_match("<0.9.0") }}', false],
    ['{{ "0.10.1" | version_match(">=0.10.1") }}', true],
    ['{{ "0.10.1" | version_match("!=0.10.1") }}', false],
    ['{{ "0.10.1" | version_bump_major }}', '1.0.0'],
    ['{{ "0.10.1" | version_bump_minor }}', '0.11.0'],
    ['{{ "0.10.1" | version_bump_patch }}', '0.10.2'],
    ['{{ "0.10.1" | version_strip_patch }}', '0.10'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('rejects what is not semver, and a match expression without an operator', () => {
    expect(() => render('{{ "1.2" | version_compare("1.2.0") }}')).toThrow(/1.2 is not valid SemVer string/);
    expect(() => render('{{ "1.2.0" | version_match("1.2.0") }}')).toThrow(/<op><ver>/);
  });
});

describe('to_human_time_from_seconds', () => {
  it.each([
    [0, '0s'],
    [0.1, '0.1\u03BCs'],
    [56, '56s'],
    [60, '1m0s'],
    [127, '2m7s'],
    [3601, '1h0m1s'],
    [3600.5, '1h0m0s'],
    [3601.5, '1h0m2s'],
    [86400, '1d0h0m0s'],
    [90061, '1d1h1m1s'],
    [86400 * 40, '40d0h0m0s'],
    [86400 * 365 + 1, '1y0d0h0m1s'],
  ])('%s seconds → %s', (seconds, expected) => {
    expect(render('{{ s | to_human_time_from_seconds }}', { s: seconds })).toBe(expected);
  });

  it('needs a number', () => {
    expect(() => render('{{ "12" | to_human_time_from_seconds }}')).toThrow(/needs a number/);
  });
});

describe('basename and dirname (Python posixpath)', () => {
  it.each([
    ['/a/b/c.txt', 'c.txt', '/a/b'],
    ['/a/b/', '', '/a/b'],
    ['c.txt', 'c.txt', ''],
    ['/c.txt', 'c.txt', '/'],
    ['//c', 'c', '//'],
  ])('%s', (path, base, dir) => {
    expect(render('{{ p | basename }}', { p: path })).toBe(base);
    expect(render('{{ p | dirname }}', { p: path })).toBe(dir);
  });
});

describe('Jinja builtins nunjucks lacks', () => {
  const users = [
    { name: 'ann', age: 31, admin: true },
    { name: 'bob', age: 25, admin: false },
  ];

  it.each([
    ['{{ users | map(attribute="name") | join(",") }}', 'ann,bob'],
    ['{{ ["a", "b"] | map("upper") | join }}', 'AB'],
    ['{{ users | selectattr("admin") | map(attribute="name") | join }}', 'ann'],
    ['{{ users | rejectattr("admin") | map(attribute="name") | join }}', 'bob'],
    ['{{ users | selectattr("age", "gt", 30) | length }}', 1],
    ['{{ users | max(attribute="age") | attr("name") }}', 'ann'],
    ['{{ [3, 1, 2] | min }}', 1],
    ['{{ [1, 2, 1, "1"] | unique }}', [1, 2, '1']],
    ['{{ "%s is %d" | format("x", 4.7) }}', 'x is 4'],
    ['{{ "%(a)s-%(b)s" | format({"a": 1, "b": "z"}) }}', '1-z'],
    ['{{ {"a": 1} | items | list | length }}', 1],
    ['{{ users | count }}', 2],
    ['{{ 2 is in([1, 2]) }}', true],
    ['{{ 3 is in([1, 2]) }}', false],
    ['{{ 2 in [1, 2] }}', true],
    ['{{ None is none }}', true],
  ])('%s', (source, expected) => {
    expect(render(source, { users })).toEqual(expected);
  });
});
