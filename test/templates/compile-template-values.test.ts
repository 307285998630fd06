import { describe, expect, it } from 'vitest';
import { compileTemplate, isTemplate } from '../../src/templates/compile-template.js';
import { ValidationError } from '../../src/common/errors.js';

const trigger = {
  n: 5,
  f: 1.5,
  yes: true,
  list: [1, 'a'],
  obj: { a: 1, b: [true] },
  nothing: null,
  text: 'hi',
};
const render = (source: string): unknown => compileTemplate(source)({ trigger });

describe('a template that is exactly one expression keeps the value type', () => {
  it.each([
    ['{{ trigger.n }}', 5],
    ['{{ trigger.f }}', 1.5],
    ['{{ trigger.yes }}', true],
    ['{{ trigger.list }}', [1, 'a']],
    ['{{ trigger.obj }}', { a: 1, b: [true] }],
    ['{{ trigger.nothing }}', null],
    ['  {{ trigger.n }}\n', 5],
    ['{{ trigger.n + 1 }}', 6],
    ['{{ trigger.list | length }}', 2],
    ['{{ trigger.text }}', 'hi'],
  ])('%s', (source, expected) => {
    expect(render(source)).toEqual(expected);
  });

  it('renders a missing value as an empty string, as it would inside text', () => {
    expect(render('{{ trigger.missing }}')).toBe('');
    expect(render('{{ trigger.missing.deeper }}')).toBe('');
  });

  it('returns text when there is more than one output or any literal text', () => {
    expect(render('{{ trigger.n }}{{ trigger.n }}')).toBe('55');
    expect(render('n={{ trigger.n }}')).toBe('n=5');
    expect(render('{% if trigger.yes %}{{ trigger.n }}{% endif %}')).toBe('5');
  });
});

describe('text rendering', () => {
  // Python's Jinja prints str(value): st2 renders parameters with jinja2 (st2common/util/jinja.py).
  it('prints values as Python does: missing as nothing, None, True/False, lists and dicts as repr', () => {
    expect(render('[{{ trigger.missing }}|{{ trigger.nothing }}]')).toBe('[|None]');
    expect(render('{{ trigger.obj }} {{ trigger.list }}')).toBe("{'a': 1, 'b': [True]} [1, 'a']");
    expect(render('{{ trigger.yes }} {{ True }} {{ False }} {{ None }}.')).toBe('True True False None.');
    expect(render("{{ [1, 'a'] }} {{ {'a': true} }}")).toBe("[1, 'a'] {'a': True}");
  });

  it('does not escape HTML (autoescape off)', () => {
    expect(compileTemplate('{{ x }}!')({ extra: { x: '<b>&"' } })).toBe('<b>&"!');
  });

  it('trims blocks like StackStorm (trim_blocks, lstrip_blocks)', () => {
    const source = 'a\n  {% if true %}\nb\n  {% endif %}\nc';
    expect(compileTemplate(source)({})).toBe('a\nb\nc');
  });

  it('supports Python methods users call on dicts, lists and strings', () => {
    expect(render('{% for k, v in trigger.obj.items() %}{{ k }};{% endfor %}')).toBe('a;b;');
    expect(render('{{ trigger.obj.keys() | join(",") }}')).toBe('a,b');
    expect(render('{{ trigger.obj.get("zz", "dflt") }}')).toBe('dflt');
    expect(render('{{ "A-b-c".lower().split("-") | join("+") }}')).toBe('a+b+c');
    expect(render('{{ " x ".strip() }}|{{ "aXa".replace("a", "b") }}|{{ "ab".startswith("a") }}')).toBe(
      'x|bXb|True',
    );
    expect(render('{{ trigger.list[-1] }}')).toBe('a');
  });

  it('lets data keys win over method names on dicts', () => {
    expect(compileTemplate('{{ body.items }}')({ extra: { body: { items: 3 } } })).toBe(3);
  });

  it('exposes extra variables, action_context and config_context', () => {
    const out = compileTemplate('{{ who }} {{ action_context.user }} {{ config_context.region }}')({
      extra: { who: 'me' },
      action_context: { user: 'stanley' },
      config_context: { region: 'eu' },
    });
    expect(out).toBe('me stanley eu');
  });

  it('leaves text without {{ or {% untouched, including shell ${#…}', () => {
    const source = 'echo ${#arr[@]} {# not a comment';
    expect(isTemplate(source)).toBe(false);
    expect(compileTemplate(source)({})).toBe(source);
    expect(isTemplate('a {{ b }}')).toBe(true);
    expect(isTemplate('{% if a %}{% endif %}')).toBe(true);
  });

  it('gives no way from a value to JavaScript internals', () => {
    expect(() => render('{{ "".constructor.constructor("return process")() }}')).toThrow(ValidationError);
    expect(render('{{ trigger.obj.__proto__ }}')).toBe('');
  });
});

describe('template errors', () => {
  it('reports a syntax error with the template name, line and column (E_TEMPLATE)', () => {
    let caught: unknown;
    try {
      compileTemplate('ok\n{{ x | }}', { name: 'rules/on_push.yaml' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe('E_TEMPLATE');
    expect(error.message).toContain('rules/on_push.yaml');
    expect(error.message).toMatch(/line 2, column \d+/);
    expect(error.message).toContain('expected symbol');
    expect(error.details).toMatchObject({ template: 'rules/on_push.yaml', line: 2 });
  });

  it('reports a render error with the template name (E_TEMPLATE_RENDER)', () => {
    const template = compileTemplate('a\n{{ nope() }}', { name: 'param cmd' });
    expect(() => template({})).toThrow(expect.objectContaining({ code: 'E_TEMPLATE_RENDER' }));
    expect(() => template({})).toThrow(/param cmd line 2.*Unable to call `nope`/);
  });

  it('reports an unknown filter', () => {
    expect(() => compileTemplate('{{ 1 | no_such_filter }}')({})).toThrow(/filter not found: no_such_filter/);
  });
});

describe('StackStorm content', () => {
  it("renders the examples pack's remote_shell_cmd result format (with Jinja's {%+ marker)", () => {
    const format = [
      'Ran command *{{execution.parameters.cmd}}* on *{{ execution.result | length }}* hosts.',
      '',
      'Details are as follows:',
      '{% for host in execution.result -%}',
      '    Host: *{{host}}*',
      '    ---> stdout: {{execution.result[host].stdout}}',
      '{%+ endfor %}',
      '',
    ].join('\n');
    const execution = { parameters: { cmd: 'uptime' }, result: { web1: { stdout: 'up 1 day' } } };
    expect(compileTemplate(format)({ extra: { execution } })).toBe(
      'Ran command *uptime* on *1* hosts.\n\nDetails are as follows:\nHost: *web1*\n    ---> stdout: up 1 day\n',
    );
  });
});
