import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';

import type { ConditionSpec } from '../../src/snapshot/model/rule-definition.js';
import { compileConditions } from '../../src/rules/conditions/compile-conditions.js';
import { MATCHED } from '../../src/rules/match-outcome.js';
import { createRuleSite } from '../../src/rules/rule-site.js';
import { context } from './rule-test-helpers.js';

const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

const scalar = fc.oneof(
  fc.constantFrom(0, 1, 2, -1, 1.5, '1', '2', 'a', 'b', '', '10x', true, false, null),
  fc.integer({ min: -3, max: 3 }),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('ab1', 'a') },
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    value,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 }),
  ),
})).node;
const path = fc
  .array(fc.constantFrom('.a', '.b', '.c', '[0]', '[1]', '[*]'), { minLength: 0, maxLength: 3 })
  .map((parts) => `$${parts.join('')}`);

const leaf = fc.record({
  fact: fc.constantFrom('trigger', 'trigger', 'trigger', 'unknown'),
  path,
  operator: fc.constantFrom(...OPERATORS),
  value: fc.oneof(
    { weight: 5, arbitrary: value },
    { weight: 1, arbitrary: path.map((p) => ({ fact: 'trigger', path: p })) },
  ),
});
const condition: fc.Arbitrary<ConditionSpec> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf as fc.Arbitrary<ConditionSpec>,
    fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node as fc.Arbitrary<ConditionSpec>;
const root = fc.oneof(
  fc.record({ all: fc.array(condition, { maxLength: 3 }) }),
  fc.record({ any: fc.array(condition, { maxLength: 3 }) }),
  fc.record({ not: condition }),
);

async function engineResult(conditions: ConditionSpec, facts: unknown): Promise<boolean | 'error'> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({ conditions: structuredClone(conditions) as never, event: { type: 'matched' } });
  try {
    const { events } = await engine.run({ trigger: facts });
    return events.length === 1;
  } catch {
    return 'error';
  }
}

describe('conditions agree with json-rules-engine', () => {
  it('gives the same result as Engine.run for random conditions and facts', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(root, json, async (conditions, facts) => {
        const expected = await engineResult(conditions, facts);
        fc.pre(expected !== 'error');
        compared++;
        const compiled = compileConditions(conditions, createRuleSite(undefined, 'tests.property'));
        expect(compiled.evaluate(facts, context) === MATCHED).toBe(expected);
        expect(compiled.explain(facts, context).matched).toBe(expected);
      }),
      { numRuns: 600 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('matches json-rules-engine on the edges: empty all/any, undefined facts, paths on scalars', async () => {
    const cases: [ConditionSpec, unknown][] = [
      [{ all: [] }, {}],
      [{ any: [] }, {}],
      [{ not: { any: [] } }, {}],
      [{ all: [{ fact: 'trigger', path: '$.a', operator: 'equal', value: 5 }] }, 5],
      [{ all: [{ fact: 'trigger', path: '$.a.length', operator: 'equal', value: 3 }] }, { a: 'abc' }],
      [{ all: [{ fact: 'trigger', path: '$.a[*]', operator: 'contains', value: 1 }] }, { a: [1, 2] }],
      [{ all: [{ fact: 'trigger', path: '$.a', operator: 'lessThan', value: 20 }] }, { a: '10x' }],
      [{ all: [{ fact: 'trigger', path: '$.a', operator: 'in', value: 'xundefinedx' }] }, {}],
    ];
    for (const [conditions, facts] of cases) {
      const compiled = compileConditions(conditions, createRuleSite(undefined, 'tests.edges'));
      expect(compiled.evaluate(facts, context) === MATCHED, JSON.stringify(conditions)).toBe(
        await engineResult(conditions, facts),
      );
    }
  });
});
