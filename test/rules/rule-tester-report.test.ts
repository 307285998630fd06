import { describe, expect, it } from 'vitest';

import { explainRule, formatMatchReport } from '../../src/rules/test-rule.js';
import { context, ruleWith } from './rule-test-helpers.js';

describe('rule tester report', () => {
  const rule = ruleWith({
    criteria: {
      'trigger.body.name': { type: 'equals', pattern: 'st2' },
      'trigger.body.count': { type: 'greaterthan', pattern: 2 },
      'trigger.body.kind': { type: 'iequals', pattern: 'push' },
    },
  });

  it('lists each criterion with its operator, pattern and value', () => {
    const result = explainRule(rule, { body: { name: 'st2', count: 5, kind: 'PUSH' } }, context);
    expect(result.matched).toBe(true);
    expect(formatMatchReport(rule, result)).toEqual([
      '✔ rule tests.test_rule matches',
      '  ✔ trigger.body.name equals "st2" → "st2"',
      '  ✔ trigger.body.count greaterthan 2 → 5',
      '  ✔ trigger.body.kind iequals "push" → "PUSH"',
    ]);
  });

  it('stops at the first failing criterion and shows the rest as not evaluated', () => {
    const result = explainRule(rule, { body: { name: 'st2', count: 1 } }, context);
    expect(result.matched).toBe(false);
    expect(result.criteria.map((criterion) => criterion.passed)).toEqual([true, false]);
    expect(formatMatchReport(rule, result)).toEqual([
      '✘ rule tests.test_rule does not match',
      '  ✔ trigger.body.name equals "st2" → "st2"',
      '  ✘ trigger.body.count greaterthan 2 → 1',
      '  · trigger.body.kind iequals "push" (not evaluated)',
    ]);
  });

  it('shows evaluation errors and missing values', () => {
    const result = explainRule(rule, { body: { name: 'st2', count: 'many' } }, context);
    expect(result.error).toMatch(/'>' not supported/);
    const lines = formatMatchReport(rule, result);
    expect(lines[2]).toMatch(/^ {2}✘ trigger\.body\.count greaterthan 2 → "many" \(error: '>' not supported/);
    expect(lines.at(-1)).toMatch(/^ {2}error: /);
    const missing = explainRule(rule, { other: 1 }, context);
    expect(formatMatchReport(rule, missing)[1]).toBe('  ✘ trigger.body.name equals "st2" → (missing)');
  });

  it('explains an empty payload and a disabled rule', () => {
    expect(formatMatchReport(rule, explainRule(rule, {}, context))).toContain(
      '  ✘ the payload is empty: criteria never match an empty payload',
    );
    const disabled = ruleWith({ enabled: false });
    expect(formatMatchReport(disabled, explainRule(disabled, { a: 1 }, context))[1]).toMatch(/disabled/);
  });
});
