import { describe, expect, it } from 'vitest';

import { context, loadError, ruleWith } from './rule-test-helpers.js';

const withConditions = (conditions: unknown, criteria?: unknown) =>
  ruleWith({ conditions, ...(criteria === undefined ? {} : { criteria }) });

describe('conditions (json-rules-engine shape)', () => {
  const payload = { body: { branch: 'main', count: 3, tags: ['a', 'b'] } };

  it('expresses OR and NOT over JSONPath leaves', () => {
    const rule = withConditions({
      any: [
        { fact: 'trigger', path: '$.body.branch', operator: 'equal', value: 'dev' },
        { not: { fact: 'trigger', path: '$.body.count', operator: 'lessThan', value: 2 } },
      ],
    });
    expect(rule.matches(payload, context)).toBe(true);
    expect(rule.matches({ body: { branch: 'x', count: 1 } }, context)).toBe(false);
  });

  it('accepts st2 operators in leaves (json-rules-engine names win)', () => {
    const rule = withConditions({
      all: [
        { fact: 'trigger', path: 'body.branch', operator: 'iequals', value: 'MAIN' },
        { fact: 'trigger', path: '$.body.tags', operator: 'contains', value: 'a' },
        { fact: 'trigger', path: '$.body.branch', operator: 'in', value: ['main', 'dev'] },
      ],
    });
    expect(rule.matches(payload, context)).toBe(true);
  });

  it('is ANDed with criteria', () => {
    const rule = withConditions(
      { fact: 'trigger', path: '$.body.count', operator: 'greaterThanInclusive', value: 3 },
      { 'trigger.body.branch': { type: 'equals', pattern: 'main' } },
    );
    expect(rule.matches(payload, context)).toBe(true);
    expect(rule.matches({ body: { branch: 'main', count: 2 } }, context)).toBe(false);
    const result = rule.explain(payload, context);
    expect(result.criteria.map((entry) => entry.key)).toEqual(['trigger.body.branch', 'conditions']);
  });

  it('reads a fact in value, treats unknown facts as undefined, and reports errors', () => {
    const sameAsOther = withConditions({
      fact: 'trigger',
      path: '$.a',
      operator: 'equal',
      value: { fact: 'trigger', path: '$.b' },
    });
    expect(sameAsOther.matches({ a: 1, b: 1 }, context)).toBe(true);
    expect(sameAsOther.matches({ a: 1, b: 2 }, context)).toBe(false);
    expect(
      withConditions({ fact: 'weather', operator: 'equal', value: null }).matches({ a: 1 }, context),
    ).toBe(false);
    const broken = withConditions({ fact: 'trigger', path: '$.a', operator: 'in', value: 5 });
    const result = broken.explain({ a: 1 }, context);
    expect(result.matched).toBe(false);
    expect(result.error).toMatch(/must be a list or a string/);
    expect(result.criteria[0]?.key).toBe('conditions');
  });

  it('rejects malformed conditions at load with file:line', () => {
    const base = 'name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\nconditions:\n  any:\n';
    expect(loadError(`${base}    - fact: trigger\n      operator: equl\n      value: 1\n`)).toMatch(
      /:7: rule default\.r: unknown operator "equl" in conditions\.any\[0\] \(did you mean "equal"\?\)/,
    );
    expect(loadError(`${base}    - fact: trigger\n      operator: equal\n`)).toMatch(
      /conditions\.any\[0\] needs a "value"/,
    );
    expect(
      loadError('name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\nconditions:\n  not: []\n'),
    ).toMatch(/conditions\.not takes one condition/);
  });
});
