import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/templates/compile-template.js';
import { compilePythonRegex } from '../../src/parsing/python-regex.js';

const render = (source: string, extra: Record<string, unknown> = {}): unknown =>
  compileTemplate(source)({ extra });
const VERSION = '"^v(\\\\d+\\\\.)?(\\\\d+\\\\.)?(\\\\*|\\\\d+)$"';

describe('regex_match (re.match: anchored at the start)', () => {
  it.each([
    ['{{ k | regex_match("x") }}', 'xyz', true],
    ['{{ k | regex_match("y") }}', 'xyz', false],
    [`{{ k | regex_match(${VERSION}) }}`, 'v0.10.1', true],
    [`{{ k | regex_match(${VERSION}) }}`, 'x v0.10.1', false],
    ['{{ k | regex_match("X", true) }}', 'xyz', true],
    ['{{ k | regex_match("X", ignorecase=True) }}', 'xyz', true],
    ['{{ k | regex_match("a|x") }}', 'xyz', true],
  ])('%s on %s', (source, k, expected) => {
    expect(render(source, { k })).toBe(expected);
  });

  it('matches numbers as their text', () => {
    expect(render('{{ k | regex_match("4") }}', { k: 42 })).toBe(true);
  });
});

describe('regex_search', () => {
  it.each([
    ['{{ k | regex_search("y") }}', 'xyz', true],
    ['{{ k | regex_search("^y") }}', 'xyz', false],
    [`{{ k | regex_search(${VERSION}) }}`, 'v0.10.1', true],
  ])('%s on %s', (source, k, expected) => {
    expect(render(source, { k })).toBe(expected);
  });
});

describe('regex_replace (re.sub)', () => {
  it.each([
    ['{{ k | regex_replace("x", "y") }}', 'xyzx', 'yyzy'],
    ['{{ k | regex_replace("(blue|white|red)", "beautiful color \\\\1") }}', 'blue', 'beautiful color blue'],
    ['{{ k | regex_replace("(?P<word>\\\\w+)@", "\\\\g<word> at ") }}', 'me@host', 'me at host'],
    ['{{ k | regex_replace("a", "$1$$") }}', 'a', '$1$$'],
  ])('%s on %s', (source, k, expected) => {
    expect(render(source, { k })).toBe(expected);
  });
});

describe('regex_substring (re.findall()[index])', () => {
  const address = 'My address is 123 Somewhere Ave. See you soon! Also 456 Elsewhere St.';

  it('returns the first match by default and the n-th when asked', () => {
    const pattern = '"([0-9]{3} \\\\w+ (?:Ave|St|Dr))"';
    expect(render(`{{ k | regex_substring(${pattern}) }}`, { k: address })).toBe('123 Somewhere Ave');
    expect(render(`{{ k | regex_substring(${pattern}, 1) }}`, { k: address })).toBe('456 Elsewhere St');
  });

  it('returns the whole match without groups and the group list with several', () => {
    expect(render('{{ k | regex_substring("\\\\d+") }}', { k: address })).toBe('123');
    expect(render('{{ k | regex_substring("(\\\\d)(\\\\d+)") }}', { k: address })).toEqual(['1', '23']);
  });

  it('fails when there is no such match', () => {
    expect(() => render('{{ k | regex_substring("\\\\d+", 5) }}', { k: address })).toThrow(
      /no match number 5/,
    );
  });
});

describe('Python regex syntax', () => {
  it.each([
    ['(?P<n>a)(?P=n)', 'aa', true],
    ['\\Aab\\Z', 'ab', true],
    ['\\Aab\\Z', 'ab\n', false],
    ['ab$', 'ab\n', true],
    ['(?i)AB', 'ab', true],
    ['a(?#comment)b', 'ab', true],
    ['[$]', '$', true],
  ])('%s on %j', (pattern, text, expected) => {
    expect(compilePythonRegex(pattern).test(text)).toBe(expected);
  });

  it('reports an invalid pattern', () => {
    expect(() => compilePythonRegex('(')).toThrow(expect.objectContaining({ code: 'E_REGEX' }));
  });
});
