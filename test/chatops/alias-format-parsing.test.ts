import { describe, expect, it } from 'vitest';

import { compileAliasFormat } from '../../src/chatops/compile-alias-format.js';
import { extractAliasParameters } from '../../src/chatops/extract-alias-parameters.js';
import { splitTrailingPairs } from '../../src/chatops/split-trailing-pairs.js';

function extract(format: string, command: string): Record<string, string> | undefined {
  return extractAliasParameters(compileAliasFormat(format), command);
}

// The cases of st2's st2common/tests/unit/test_action_alias_utils.py, which users' aliases rely on.
describe('alias format parsing (StackStorm semantics)', () => {
  it('an empty format with an empty command gives no parameters', () => {
    expect(extract('', '')).toEqual({});
  });

  it('takes arbitrary key=value pairs at the end: bare, quoted, JSON', () => {
    expect(extract('', 'a=foobar1')).toEqual({ a: 'foobar1' });
    expect(extract('foo', 'foo a="foobar2 poonies bar"')).toEqual({ a: 'foobar2 poonies bar' });
    expect(extract('foo', "foo a='foobar2 poonies bar'")).toEqual({ a: 'foobar2 poonies bar' });
    expect(extract('foo', 'foo a={"foobar2": "poonies"}')).toEqual({ a: '{"foobar2": "poonies"}' });
    expect(extract('', `a=foobar1 b="boobar2 3 4" c='coobar3 4' d={"a": "b"}`)).toEqual({
      a: 'foobar1',
      b: 'boobar2 3 4',
      c: 'coobar3 4',
      d: '{"a": "b"}',
    });
    expect(
      extract('{{ captain }} is my captain', 'Malcolm Reynolds is my captain weirdo="River Tam"'),
    ).toEqual({
      captain: 'Malcolm Reynolds',
      weirdo: 'River Tam',
    });
  });

  it('only pairs at the very end are extras', () => {
    expect(splitTrailingPairs('foo a=1 bar b=2')).toEqual({ stream: 'foo a=1 bar', pairs: { b: '2' } });
    expect(extract('run {{cmd}}', 'run env A=1 ls')).toEqual({ cmd: 'env A=1 ls' });
  });

  it('captures lazily between literals and at the end', () => {
    expect(
      extract('skip {{a}} more skip {{b}} and skip more.', 'skip a1 more skip b1 and skip more.'),
    ).toEqual({
      a: 'a1',
      b: 'b1',
    });
    expect(extract('skip {{a}} more skip {{b}}', 'skip a1 more skip b1')).toEqual({ a: 'a1', b: 'b1' });
  });

  it('a quoted value may hold spaces and loses its quotes', () => {
    expect(
      extract('skip {{a}} more skip {{b}} and skip more.', 'skip "a1 a2" more skip b1 and skip more.'),
    ).toEqual({
      a: 'a1 a2',
      b: 'b1',
    });
    expect(extract('acl {{a}} {{b}} {{c}} {{d=1}}', 'acl "a1 a2" "b1" "c1"')).toEqual({
      a: 'a1 a2',
      b: 'b1',
      c: 'c1',
      d: '1',
    });
  });

  it('an optional parameter takes its default when absent, with its leading whitespace', () => {
    expect(extract('acl {{a=test}}', 'acl')).toEqual({ a: 'test' });
    expect(extract('skip {{ a = value }} more', 'skip one more')).toEqual({ a: 'one' });
    expect(extract('skip {{ a = value }} more', 'skip more')).toEqual({ a: 'value' });
    expect(extract('skip {{d=test1}} more skip {{e=test1}}.', 'skip more skip')).toEqual({
      d: 'test1',
      e: 'test1',
    });
    expect(extract('skip {{d=test}} more skip {{e=test}}', 'skip ponies more skip')).toEqual({
      d: 'ponies',
      e: 'test',
    });
  });

  it('accepts any spacing inside the braces', () => {
    expect(
      extract('s {{a}} more {{ b }} more {{ c=99 }} more {{ d = 99 }}', 's one more two more three more'),
    ).toEqual({ a: 'one', b: 'two', c: 'three', d: '99' });
  });

  it('a JSON value is captured whole', () => {
    expect(extract('skip {{a}} more skip.', 'skip {"a": "b", "c": "d"} more skip.')).toEqual({
      a: '{"a": "b", "c": "d"}',
    });
    expect(extract('skip {{a}} more skip {{b}}.', 'skip {"a": "b", "c": "d"} more skip x.')).toEqual({
      a: '{"a": "b", "c": "d"}',
      b: 'x',
    });
  });

  it('defaults may be templates, quoted or JSON', () => {
    expect(
      extract('two by two hands of {{ color = {{ colors.default_color }} }}', 'two by two hands of'),
    ).toEqual({
      color: '{{ colors.default_color }}',
    });
    const format = "{{ p0='http' }} g {{ p1=p }} a {{ url }} {{ p2={'a':'b'} }} {{ p3={{ e.i }} }}";
    expect(extract(format, "g a http://google.com {{ execution.id }} p4='testing' p5={'a':'c'}")).toEqual({
      p0: 'http',
      p1: 'p',
      url: 'http://google.com',
      p2: '{{ execution.id }}',
      p3: '{{ e.i }}',
      p4: 'testing',
      p5: "{'a':'c'}",
    });
  });

  it('combines format values with extra pairs; a pair overrides a captured value', () => {
    expect(extract('testing {{ a }}', 'testing value b=value2')).toEqual({ a: 'value', b: 'value2' });
    expect(extract('testing {{ a=new }}', 'testing b="another value"')).toEqual({
      a: 'new',
      b: 'another value',
    });
    expect(
      extract('testing {{ b=abc }} {{ c=xyz }}', 'testing newvalue d={"1": "2"} e="long value"'),
    ).toEqual({
      b: 'newvalue',
      c: 'xyz',
      d: '{"1": "2"}',
      e: 'long value',
    });
    expect(extract('somestuff {{a}} more stuff {{b}}', 'somestuff ponies more stuff coobar b=foo')).toEqual({
      a: 'ponies',
      b: 'foo',
    });
    expect(extract('foo bar', 'foo bar pony1=foo pony2=bar')).toEqual({ pony1: 'foo', pony2: 'bar' });
  });

  it('does not match a different command, nor an empty one', () => {
    expect(extract('foo bar ponies', 'foo lulz ponies')).toBeUndefined();
    expect(extract('skip {{d}} more skip {{e}}.', '')).toBeUndefined();
  });

  it('is anchored at both ends and case-sensitive', () => {
    expect(extract('deploy {{app}}', 'please deploy web')).toBeUndefined();
    expect(extract('status', 'status now')).toBeUndefined();
    expect(extract('status', 'Status')).toBeUndefined();
    expect(extract('status', '  status  ')).toEqual({});
  });

  it('the format is a regex: groups and alternatives work; an author anchor is honoured', () => {
    expect(extract('(run|execute) {{cmd}} on {{host}}', 'execute uptime on web1')).toEqual({
      cmd: 'uptime',
      host: 'web1',
    });
    expect(extract('(?P<verb>run|execute) {{cmd}}', 'run ls')).toEqual({ verb: 'run', cmd: 'ls' });
    expect(extract(String.raw`\Ahello {{who}}\Z`, 'hello world')).toEqual({ who: 'world' });
    expect(extract('^hello {{who}}$', 'hello world')).toEqual({ who: 'world' });
    expect(extract('ping [a-z]+ {{n}}', 'ping abc 3')).toEqual({ n: '3' });
    expect(extract('(?P<w>[a-z]+) again (?P=w)', 'hi again hi')).toEqual({ w: 'hi' });
    expect(extract('(?P<w>[a-z]+) again (?P=w)', 'hi again ho')).toBeUndefined();
    expect(extract('(?i)status', 'STATUS')).toEqual({});
  });

  it('rejects a parameter name that is not a name, and an invalid regex', () => {
    expect(() => compileAliasFormat('run {{ bad-name }}')).toThrow(/bad-name/);
    expect(() => compileAliasFormat('run (unclosed {{x}}')).toThrow(/not a valid regular expression/);
  });

  it('a user-typed __proto__ pair stays a plain parameter', () => {
    const result = extract('go', 'go __proto__=x');
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result?.['__proto__']).toBe('x');
  });
});
