import { describe, expect, it } from 'vitest';
import { evaluateValue } from '../../src/workflows/expressions/evaluate-value.js';
import type { ExpressionScope } from '../../src/workflows/expressions/expression-scope.js';
import { parseYaql } from '../../src/workflows/yaql/yaql-parser.js';

const scope = (
  vars: Record<string, unknown> = {},
  extra: Partial<ExpressionScope> = {},
): ExpressionScope => ({
  vars,
  ...extra,
});
const yaql = (expression: string, vars: Record<string, unknown> = {}, extra: Partial<ExpressionScope> = {}) =>
  evaluateValue(`<% ${expression} %>`, scope(vars, extra));

describe('YAQL: the subset StackStorm workflows use', () => {
  it.each([['ctx().name', 'ctx(name)', "ctx('name')", 'ctx("name")', '$.name']])(
    'reads workflow variables in every spelling (%s)',
    (...forms) => {
      for (const form of forms) expect(yaql(form, { name: 'Thanos' })).toBe('Thanos');
    },
  );

  it('reads bare words as strings, as yaql does', () => {
    expect(yaql('stdout')).toBe('stdout');
    expect(yaql('ctx().versions.get(st2)', { versions: { st2: '3.8' } })).toBe('3.8');
    expect(yaql('ctx().os in list(all, deb)', { os: 'deb' })).toBe(true);
  });

  it('follows yaql precedence: not binds looser than comparisons, and than or', () => {
    expect(yaql('not ctx().which in list(a, b)', { which: 'c' })).toBe(true);
    expect(yaql('ctx().x = 1 or ctx().x = 2 and false', { x: 1 })).toBe(true);
    expect(yaql('-2 + 3 * 4 mod 5')).toBe(0);
    expect(yaql('(1 + 2) * 3')).toBe(9);
  });

  it('returns operands from and/or like Python', () => {
    expect(yaql("ctx().repo = 'stable' and 'staging-stable' or 'other'", { repo: 'stable' })).toBe(
      'staging-stable',
    );
    expect(yaql("ctx().repo = 'stable' and 'staging-stable' or 'other'", { repo: 'x' })).toBe('other');
  });

  it('compares and adds without coercion', () => {
    expect(yaql('ctx().count + 1 >= 2', { count: 1 })).toBe(true);
    expect(yaql("'v' + ctx().version", { version: '1.2' })).toBe('v1.2');
    expect(yaql('ctx().x = null', { x: null })).toBe(true);
    expect(() => yaql("'a' + 1")).toThrow(
      `Unable to evaluate expression '<% 'a' + 1 %>'. NoMatchingFunctionException: No function "#operator_+" matches supplied arguments`,
    );
  });

  it('indexes lists, strings and dicts', () => {
    expect(yaql('ctx().list[0]', { list: ['a', 'b'] })).toBe('a');
    expect(yaql('ctx().list[-1]', { list: ['a', 'b'] })).toBe('b');
    expect(yaql('ctx().d["k"]', { d: { k: 1 } })).toBe(1);
    expect(yaql("ctx().version.split('.')[0]", { version: '3.8.1' })).toBe('3');
  });

  it('maps a property over a list, selects and filters with $', () => {
    const items = [
      { status: 'succeeded', result: { stdout: 'a' } },
      { status: 'failed', result: { stdout: 'b' } },
    ];
    expect(yaql('ctx().items.select($.result.stdout)', { items })).toEqual(['a', 'b']);
    expect(yaql("ctx().items.where($.status = 'failed').select($.result.stdout)", { items })).toEqual(['b']);
    expect(yaql('ctx().items.status', { items })).toEqual(['succeeded', 'failed']);
    expect(yaql("ctx().m.items().select($[0] + '=' + $[1]).join(', ')", { m: { a: '1', b: '2' } })).toBe(
      'a=1, b=2',
    );
  });

  it('has the string, collection and branching functions found in st2 and Exchange workflows', () => {
    expect(yaql('ctx().d.toLower() + ctx().d.toUpper()', { d: 'Ab' })).toBe('abAB');
    expect(yaql("coalesce(ctx().a, ctx().b, 'latest')", { a: null, b: null })).toBe('latest');
    expect(yaql("switch(isEmpty(ctx().p) => 'none', true => ctx().p)", { p: '  ' })).toBe('none');
    expect(yaql('len(ctx().l) + ctx().l.count() + ctx().l.len()', { l: [1, 2] })).toBe(6);
    expect(yaql('range(0, 4)')).toEqual([0, 1, 2, 3]);
    expect(yaql('str(ctx().n) + str(true) + str(null)', { n: 5 })).toBe('5truenull');
    expect(yaql('int(ctx().s) + 1', { s: '41' })).toBe(42);
    expect(yaql("ctx().s.substring(0, 1) + ctx().s.replace('b', 'x')", { s: 'abc' })).toBe('aaxc');
    expect(yaql("ctx().s.startsWith('RH', 'CE')", { s: 'CENTOS' })).toBe(true);
    expect(yaql('ctx().d.containsKey("a") and not ctx().d.containsKey("b")', { d: { a: 1 } })).toBe(true);
    expect(yaql('ctx().d.get("x", {}).get("y")', { d: {} })).toBe(null);
    expect(yaql('ctx().d.set(k, 2)', { d: { a: 1 } })).toEqual({ a: 1, k: 2 });
    expect(yaql('dict(ctx().k.zip(ctx().v))', { k: ['a', 'b'], v: [1, 2] })).toEqual({ a: 1, b: 2 });
    expect(yaql('["18.04", "20.04"].contains(ctx().v)', { v: '20.04' })).toBe(true);
    expect(yaql('ctx().l.first()', { l: [3, 4] })).toBe(3);
    expect(yaql('zip(ctx().a, ctx().b)', { a: [1, 2], b: ['x'] })).toEqual([
      [1, 'x'],
      [2, null],
    ]);
  });

  it('prints values inside text as Python str(): True, None, repr of lists', () => {
    expect(evaluateValue('<% ctx().a %> and <% ctx().b %>', scope({ a: false, b: null }))).toBe(
      'False and None',
    );
    expect(evaluateValue('list: <% ctx().l %>', scope({ l: ['a', 1] }))).toBe("list: ['a', 1]");
    expect(evaluateValue('<% ctx().n %>', scope({ n: 5 }))).toBe(5);
    expect(evaluateValue(' <% ctx().n %>', scope({ n: 5 }))).toBe(' 5');
  });

  it('reports errors as StackStorm does', () => {
    expect(() => yaql('abs(8).value')).toThrow(
      `Unable to evaluate expression '<% abs(8).value %>'. NoFunctionRegisteredException: Unknown function "#property#value"`,
    );
    expect(() => yaql('ctx().greeting')).toThrow(
      `Unable to resolve key 'greeting' in expression '<% ctx().greeting %>' from context.`,
    );
    expect(() => yaql('ctx(nope)')).toThrow(`VariableUndefinedError: The variable "nope" is undefined.`);
  });

  it('offers StackStorm data functions in YAQL', () => {
    expect(yaql('from_json_string(ctx(s))', { s: '{"foo": {"bar": "foobar"}}' })).toEqual({
      foo: { bar: 'foobar' },
    });
    expect(yaql('to_json_string(ctx(o))', { o: { foo: { bar: 'foobar' } } })).toBe(
      '{"foo": {"bar": "foobar"}}',
    );
    expect(yaql('to_yaml_string(ctx(o))', { o: { foo: { bar: 'foobar' } } })).toBe('foo:\n  bar: foobar\n');
    expect(yaql('jsonpath_query(ctx(o), "$.foo.bar")', { o: { foo: { bar: 'foobar' } } })).toEqual([
      'foobar',
    ]);
    expect(yaql('use_none(ctx(n))', { n: null })).toBe('%*****__%NONE%__*****%');
    expect(yaql('regex_substring("I live at 668 Infinite Dr", "([0-9]{3} \\w+ (?:Ave|St|Dr))")')).toBe(
      '668 Infinite Dr',
    );
    expect(yaql('version_compare("0.10.0", "0.10.1")')).toBe(-1);
    expect(yaql('version_strip_patch("0.10.0")')).toBe('0.10');
    expect(yaql('to_human_time_from_seconds(12345)')).toBe('3h25m45s');
  });
});

describe('YAQL: refused at load, with the position', () => {
  it.each([
    ['<% succeeded()', "unexpected '<' at position 0"],
    ['ctx(', 'unexpected end of expression at position 4'],
    ['$x.y', 'variables other than $ are not supported ($x); use ctx(x) at position 0'],
    [
      'ctx().a =~ "x"',
      'regular expression operators are not supported; use regex_search(string, pattern) at position 8',
    ],
    [
      '$.l.select(x -> x)',
      'lambdas ("->") are not supported; use $ inside select() or where() at position 13',
    ],
    ['a ? b', "unexpected '?' at position 2"],
  ])('%s', (source, message) => {
    expect(() => parseYaql(source)).toThrow(message);
  });
});
