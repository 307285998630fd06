import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/common/errors.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

const trigger = { items: [1, 2, 3, 4], d: { a: 1, b: 0, c: 2 }, s: 'x', neg: -7, empty: [] };
const render = (source: string, shell = false): unknown => compileTemplate(source, { shell })({ trigger });

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Jinja loop filter {% for x in items if test %}', () => {
  it.each([
    [
      '{% for x in trigger.items if x > 2 %}{{ x }}:{{ loop.index }}/{{ loop.length }},{% endfor %}',
      '3:1/2,4:2/2,',
    ],
    ['{% for x in trigger.items if x > 9 %}{{ x }}{% else %}none{% endfor %}', 'none'],
    ['{% for k, v in trigger.d.items() if v %}{{ k }}={{ v }};{% endfor %}', 'a=1;c=2;'],
    ['{% for k in trigger.d if k != "b" %}{{ k }}{% endfor %}', 'ac'],
    ['{% for y in [1, 2] %}{% for x in trigger.items if x > y %}{{ x }}{% endfor %}|{% endfor %}', '234|34|'],
    ['{% set low = 3 %}{% for x in trigger.items if x >= low %}{{ x }}{% endfor %}', '34'],
    ['{% for x in [[], [1], "", "a", 0, 5] if x %}{{ x }};{% endfor %}', '[1];a;5;'],
    ['{% for x in trigger.nope if x %}{{ x }}{% else %}none{% endfor %}', 'none'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('quotes the filtered items in shell mode', () => {
    expect(render('echo {% for x in trigger.items if x > 2 %}{{ x }} {% endfor %}', true)).toBe(
      "echo '3' '4' ",
    );
  });

  it('refuses an else after the loop filter, which Jinja cannot parse either', () => {
    const error = errorOf(() => compileTemplate('{% for x in trigger.items if x else [] %}{% endfor %}'));
    expect(error.code).toBe('E_TEMPLATE');
    expect(error.message).toContain('for x in (a if test else b)');
  });
});

describe('tuples (a, b)', () => {
  it.each([
    ['{{ (1, "a") }}', [1, 'a']],
    ['{{ trigger.s in ("x", "y") }}', true],
    ['{{ "b" in ("abc", "y") }}', false],
    ['{{ (1) }}', 1],
  ])('%s', (source, expected) => {
    expect(render(source)).toEqual(expected);
  });
});

describe('% is Python modulo; string formatting with % is refused', () => {
  it.each([
    ['{{ trigger.neg % 3 }}', 2],
    ['{{ 7 % -3 }}', -2],
    ['{{ 7.5 % 2 }}', 1.5],
    ['{{ 6 % 3 }}', 0],
    ['{{ true % 2 }}', 1],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('refuses "%s" % x when compiling, naming the format filter', () => {
    const error = errorOf(() => compileTemplate('id={{ "%s-%s" % (trigger.s, 1) }}'));
    expect(error.code).toBe('E_TEMPLATE');
    expect(error.message).toMatch(/line 1, column 7\).*"%" string formatting.*"%s-%s" \| format/);
  });

  it.each([
    ['{{ trigger.s % 2 }}', /Python string formatting.*\| format/],
    ['{{ trigger.nope % 2 }}', /unsupported operand types for %: an undefined value/],
    ['{{ 1 % 0 }}', /modulo by zero/],
  ])('fails to render %s', (source, message) => {
    const error = errorOf(() => render(source));
    expect(error.code).toBe('E_TEMPLATE_RENDER');
    expect(error.message).toMatch(message);
  });
});

describe('int and float filters default as Jinja does', () => {
  it.each([
    ['{{ "abc" | int }}', 0],
    ['{{ "3.5" | int }}', 3],
    ['{{ "-3.9" | int }}', -3],
    ['{{ "12abc" | int }}', 0],
    ['{{ "12abc" | int(5) }}', 5],
    ['{{ "12abc" | int(default=7) }}', 7],
    ['{{ " 1_000 " | int }}', 1000],
    ['{{ "1e3" | int }}', 1000],
    ['{{ "0x1A" | int(0, 16) }}', 26],
    ['{{ "1A" | int(base=16) }}', 26],
    ['{{ "0b1" | int(0, 16) }}', 177],
    ['{{ "0x1A" | int }}', 0],
    ['{{ none | int }}', 0],
    ['{{ trigger.nope | int }}', 0],
    ['{{ true | int }}', 1],
    ['{{ 2.7 | int }}', 2],
    ['{{ "x" | float }}', 0],
    ['{{ "x" | float(1.5) }}', 1.5],
    ['{{ " 2.5 " | float }}', 2.5],
    ['{{ "1e-2" | float }}', 0.01],
    ['{{ none | float }}', 0],
    ['{{ "7" | int + 1 }}', 8],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('int of an infinite value fails as in Python', () => {
    expect(errorOf(() => render('{{ "inf" | int }}')).message).toContain('cannot convert float infinity');
  });
});
