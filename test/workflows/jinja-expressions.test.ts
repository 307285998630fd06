import { describe, expect, it } from 'vitest';
import { evaluateValue } from '../../src/workflows/expressions/evaluate-value.js';

const jinja = (text: string, vars: Record<string, unknown> = {}) => evaluateValue(text, { vars });

describe('Jinja in workflows (orquesta: StrictUndefined, functions as globals)', () => {
  it('keeps the type of a string that is exactly one expression', () => {
    expect(jinja('{{ ctx().n }}', { n: 5 })).toBe(5);
    expect(jinja('{{ ctx().l }}', { l: [1, 'a'] })).toEqual([1, 'a']);
    expect(jinja(' {{ ctx().n }}', { n: 5 })).toBe(' 5');
  });

  it('prints values inside text as Python does', () => {
    expect(jinja('{{ ctx().a }}/{{ ctx().b }}/{{ ctx().l }}', { a: true, b: null, l: ['x'] })).toBe(
      "True/None/['x']",
    );
  });

  it('refuses to print a missing value, as StrictUndefined does', () => {
    expect(() => jinja('{{ ctx().nope }}')).toThrow(
      "Unable to evaluate expression '{{ ctx().nope }}'. UndefinedError: 'dict object' has no attribute 'nope'",
    );
    expect(() => jinja('{{ ctx().nope.deeper }}')).toThrow("'dict object' has no attribute 'nope'");
  });

  it('still lets default() and "is defined" handle missing values', () => {
    expect(jinja("{{ ctx().nope | default('fallback') }}")).toBe('fallback');
    expect(jinja('{% if ctx().nope is defined %}yes{% else %}no{% endif %}')).toBe('no');
  });

  it('calls workflow functions with keyword arguments and StackStorm filters as functions', () => {
    expect(jinja('{{ zip(ctx().a, ctx().b, pad=0) }}', { a: [1, 2], b: [3] })).toEqual([
      [1, 3],
      [2, 0],
    ]);
    expect(jinja('{{ from_json_string(ctx().s).a }}', { s: '{"a": [1]}' })).toEqual([1]);
    expect(jinja('{{ ctx().s | from_json_string }}', { s: '{"a": 1}' })).toEqual({ a: 1 });
  });
});
