import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/templates/compile-template.js';

const render = (source: string, extra: Record<string, unknown> = {}): unknown =>
  compileTemplate(source)({ extra });

describe('to_json_string', () => {
  it('prints JSON as Python json.dumps with separators (",", ": ")', () => {
    expect(render('{{ v | to_json_string }}', { v: { a: 1, b: [1, 2] } })).toBe('{"a": 1,"b": [1,2]}');
  });

  it('takes indent and sort_keys, positionally or as keywords', () => {
    const v = { b: 1, a: { c: [] } };
    const expected = '{\n  "a": {\n    "c": []\n  },\n  "b": 1\n}';
    expect(render('{{ v | to_json_string(2, true) }}', { v })).toBe(expected);
    expect(render('{{ v | to_json_string(indent=2, sort_keys=True) }}', { v })).toBe(expected);
  });

  it('escapes non-ASCII characters like Python', () => {
    expect(render('{{ v | to_json_string }}', { v: 'café ☃' })).toBe('"caf\\u00e9 \\u2603"');
  });

  it('rejects an unknown keyword', () => {
    expect(() => render('{{ v | to_json_string(spaces=2) }}', { v: 1 })).toThrow(
      /unexpected keyword argument "spaces"/,
    );
  });
});

describe('from_json_string, from_yaml_string, to_yaml_string, to_complex, tojson', () => {
  it('parses JSON and YAML text into values', () => {
    expect(render('{{ s | from_json_string }}', { s: '{"a": [1, 2]}' })).toEqual({ a: [1, 2] });
    expect(render('{{ (s | from_json_string).a[1] }}', { s: '{"a": [1, 2]}' })).toBe(2);
    expect(render('{{ s | from_yaml_string }}', { s: 'a: 1\nb: [x, y]\n' })).toEqual({ a: 1, b: ['x', 'y'] });
    expect(() => render('{{ s | from_json_string }}', { s: '{oops' })).toThrow(/failed to render/);
  });

  it('dumps YAML in block style with sorted keys (st2 docs example)', () => {
    const v = { c: { f: 1, d: 'e', g: true }, a: 'b' };
    expect(render('{{ v | to_yaml_string }}', { v })).toBe('a: b\nc:\n  d: e\n  f: 1\n  g: true\n');
  });

  it('lays out lists and quotes strings as PyYAML does (st2 test_wiring_functions data_list_str)', () => {
    const v = [
      { a: 1, b: 2 },
      { x: 3, y: 4 },
    ];
    expect(render('{{ v | to_yaml_string }}', { v })).toBe('- a: 1\n  b: 2\n- x: 3\n  y: 4\n');
    expect(render('{{ v | to_yaml_string }}', { v: { l: ['n', 'no'] } })).toBe("l:\n- n\n- 'no'\n");
  });

  it('to_complex is json.dumps with default separators; tojson sorts keys and escapes HTML', () => {
    expect(render('{{ v | to_complex }}', { v: { b: [1, 2], a: null } })).toBe('{"b": [1, 2], "a": null}');
    expect(render('{{ v | tojson }}', { v: { b: "<it's>", a: '&' } })).toBe(
      '{"a": "\\u0026", "b": "\\u003cit\\u0027s\\u003e"}',
    );
  });
});

describe('json_escape', () => {
  it('escapes a value for use inside a JSON string', () => {
    expect(render('{{ v | json_escape }}', { v: 'say "hi"\n\tnow\\' })).toBe('say \\"hi\\"\\n\\tnow\\\\');
    expect(render('{"msg": "{{ v | json_escape }}"}', { v: 'a "b"' })).toBe('{"msg": "a \\"b\\""}');
  });
});

describe('jsonpath_query', () => {
  const people = {
    people: [
      { first: 'James', last: 'd' },
      { first: 'Jacob', last: 'e' },
      { first: 'Jayden', last: 'f' },
      { missing: 'different' },
    ],
    foo: { bar: 'baz' },
  };

  it.each([
    ['people[*].first', ['James', 'Jacob', 'Jayden']],
    ['$.people[*].last', ['d', 'e', 'f']],
    ['foo.bar', ['baz']],
    ['people[0]', [{ first: 'James', last: 'd' }]],
    ['people[-1].missing', ['different']],
    ['people[1:3].first', ['Jacob', 'Jayden']],
    ["$['foo']['bar']", ['baz']],
    ['$..bar', ['baz']],
    ['foo.*', ['baz']],
  ])('%s (st2 docs examples)', (query, expected) => {
    expect(render(`{{ v | jsonpath_query("${query}") }}`, { v: people })).toEqual(expected);
  });

  it('returns null when nothing matches', () => {
    expect(render('{{ v | jsonpath_query("people[*].middle") }}', { v: people })).toBeNull();
  });

  it('reports a query it cannot parse', () => {
    expect(() => render('{{ v | jsonpath_query("people[?(@.x)]") }}', { v: people })).toThrow(/cannot parse/);
  });
});

describe('use_none', () => {
  it('marks null so that it survives rendering into text', () => {
    expect(render('{{ v | use_none }}', { v: null })).toBe('%*****__%NONE%__*****%');
    expect(render('{{ v | use_none }}', { v: 'x' })).toBe('x');
  });
});
