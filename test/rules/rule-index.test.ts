import { describe, expect, it } from 'vitest';

import type { CompiledRule, MatchResult } from '../../src/snapshot/model/rule-definition.js';
import { RuleIndex } from '../../src/rules/rule-index.js';
import { triggerKeyOf } from '../../src/rules/trigger-key.js';
import { context, ruleWith } from './rule-test-helpers.js';

const on = (name: string, extra: Record<string, unknown> = {}) => ruleWith({ name, ...extra });
const refs = (rules: readonly CompiledRule[]) => rules.map((rule) => rule.ref);

describe('RuleIndex', () => {
  it('matches only enabled rules of the trigger type', () => {
    const index = new RuleIndex([
      on('a'),
      on('disabled', { enabled: false }),
      on('other', { trigger: { type: 'tests.other' } }),
      on('b', { criteria: { 'trigger.x': { type: 'equals', pattern: 1 } } }),
    ]);
    expect(refs(index.match('tests.event', { x: 1 }, undefined, context))).toEqual(['tests.a', 'tests.b']);
    expect(refs(index.match('tests.event', { x: 2 }, undefined, context))).toEqual(['tests.a']);
    expect(index.match('tests.nothing', { x: 1 }, undefined, context)).toEqual([]);
    expect(index.hasRulesFor('tests.other')).toBe(true);
  });

  it('fires backstop rules only when no standard rule matched', () => {
    const index = new RuleIndex([
      on('main', { criteria: { 'trigger.branch': { type: 'equals', pattern: 'main' } } }),
      on('fallback', { type: 'backstop' }),
    ]);
    expect(refs(index.match('tests.event', { branch: 'main' }, undefined, context))).toEqual(['tests.main']);
    expect(refs(index.match('tests.event', { branch: 'dev' }, undefined, context))).toEqual([
      'tests.fallback',
    ]);
  });

  it('keeps parameterised triggers apart by their parameters', () => {
    const sample = on('sample', { trigger: { type: 'core.st2.webhook', parameters: { url: 'sample' } } });
    const other = on('other', { trigger: { type: 'core.st2.webhook', parameters: { url: 'other' } } });
    const index = new RuleIndex([sample, other]);
    expect(refs(index.match('core.st2.webhook', { body: 1 }, { url: 'sample' }, context))).toEqual([
      'tests.sample',
    ]);
    expect(
      refs(
        index.match(
          'core.st2.webhook',
          { body: 1 },
          triggerKeyOf('core.st2.webhook', { url: 'other' }),
          context,
        ),
      ),
    ).toEqual(['tests.other']);
    expect(index.match('core.st2.webhook', { body: 1 }, undefined, context)).toEqual([]);
    expect(index.triggerKeys().sort()).toEqual([sample.triggerKey, other.triggerKey].sort());
  });

  it('builds trigger keys from sorted JSON, with absent parameters equal to {}', () => {
    expect(triggerKeyOf('t.x', { b: 1, a: { d: 2, c: 3 } })).toBe(
      '{"parameters":{"a":{"c":3,"d":2},"b":1},"type":"t.x"}',
    );
    expect(triggerKeyOf('t.x')).toBe(triggerKeyOf('t.x', {}));
    const index = new RuleIndex([on('plain', { trigger: { type: 'tests.event', parameters: {} } })]);
    expect(refs(index.match('tests.event', { a: 1 }, undefined, context))).toEqual(['tests.plain']);
    expect(refs(index.match('tests.event', { a: 1 }, {}, context))).toEqual(['tests.plain']);
  });

  it('reports rules that failed to evaluate instead of throwing', () => {
    const broken = on('broken', { criteria: { 'trigger.n': { type: 'lessthan', pattern: 5 } } });
    const failures: { rule: string; result: MatchResult }[] = [];
    const index = new RuleIndex([broken, on('fallback', { type: 'backstop' })]);
    const matched = index.match('tests.event', { n: 'text' }, undefined, context, (rule, result) =>
      failures.push({ rule: rule.ref, result }),
    );
    expect(refs(matched)).toEqual(['tests.fallback']);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.rule).toBe('tests.broken');
    expect(failures[0]!.result.error).toMatch(/not supported between/);
  });

  it('never matches criteria against an empty payload, as st2', () => {
    const rule = on('r', { criteria: { 'trigger.x': { type: 'nexists' } } });
    expect(rule.matches({}, context)).toBe(false);
    expect(rule.matches({ y: 1 }, context)).toBe(true);
    expect(on('any').matches({}, context)).toBe(true);
  });

  it('skips rules by their first string equals without changing results or their order', () => {
    const kind = (name: string, value: string, extra: Record<string, unknown> = {}) =>
      on(name, { criteria: { 'trigger.kind': { type: 'equals', pattern: value }, ...extra } });
    const index = new RuleIndex([
      kind('push_a', 'push'),
      on('general', { criteria: { 'trigger.n': { type: 'greaterthan', pattern: 0 } } }),
      kind('pull', 'pull'),
      on('by_branch', { criteria: { 'trigger.branch': { type: 'equals', pattern: 'main' } } }),
      kind('push_b', 'push', { 'trigger.n': { type: 'lessthan', pattern: 5 } }),
    ]);
    expect(
      refs(index.match('tests.event', { kind: 'push', n: 1, branch: 'main' }, undefined, context)),
    ).toEqual(['tests.push_a', 'tests.general', 'tests.by_branch', 'tests.push_b']);
    expect(refs(index.match('tests.event', { kind: 'push', n: 9 }, undefined, context))).toEqual([
      'tests.push_a',
      'tests.general',
    ]);
    expect(refs(index.match('tests.event', { kind: 7, n: 0 }, undefined, context))).toEqual([]);
  });
});
