import { describe, expect, it } from 'vitest';
import { pythonRepr, pythonStr } from '../../src/templates/python-repr.js';
import { parsePythonLiteral } from '../../src/templates/python-literal.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

describe('Python str() and repr() of values (how Jinja prints them)', () => {
  it('spells constants and numbers as Python', () => {
    expect([true, false, null, 3, 1.5, Infinity, NaN].map(pythonStr)).toEqual([
      'True',
      'False',
      'None',
      '3',
      '1.5',
      'inf',
      'nan',
    ]);
  });

  it('prints lists and dicts in repr, strings quoted inside them', () => {
    expect(pythonStr([1, 'a', [true, null]])).toBe("[1, 'a', [True, None]]");
    expect(pythonStr({ a: true, 'b c': { d: [] } })).toBe("{'a': True, 'b c': {'d': []}}");
    expect(pythonStr('plain')).toBe('plain');
  });

  it('quotes strings the way Python chooses', () => {
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr('say "hi"')).toBe('\'say "hi"\'');
    expect(pythonRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pythonRepr('a\nb\\c\t\x01')).toBe("'a\\nb\\\\c\\t\\x01'");
    expect(pythonRepr('é 床')).toBe("'é 床'");
  });

  it('reads back what it prints', () => {
    const value = { a: [1, 'x', null, true], "it's": { n: -2.5 } };
    expect(parsePythonLiteral(pythonRepr(value))).toEqual(value);
    expect(parsePythonLiteral('[1, 2,]')).toEqual([1, 2]);
    expect(parsePythonLiteral('[1, 2')).toBeUndefined();
    expect(parsePythonLiteral('foo')).toBeUndefined();
  });
});

describe('string literals in tags read as Python reads them', () => {
  const render = (source: string): unknown =>
    compileTemplate(source)({ extra: { s: 'I live at 668 Infinite Dr' } });

  it('keeps the backslash of an unknown escape, so regex patterns work unchanged', () => {
    expect(render('{{ "a\\d+b" }}')).toBe('a\\d+b');
    expect(render('{{ s | regex_substring("([0-9]{3} \\w+ (?:Ave|St|Dr))") }}')).toBe('668 Infinite Dr');
    expect(render("{{ s | regex_search('\\d{3}') }}")).toBe(true);
  });

  it('decodes the escapes Python has', () => {
    expect(render('{{ "tab\\there\\nline \\x41\\u00e9 \\"q\\" \\\\ " }}')).toBe('tab\there\nline Aé "q" \\ ');
  });

  it('leaves text outside tags and raw blocks alone', () => {
    expect(render('C:\\dir {{ "x" }} {% raw %}{{ "\\d" }}{% endraw %}')).toBe('C:\\dir x {{ "\\d" }}');
  });
});
