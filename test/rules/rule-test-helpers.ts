import yaml from 'js-yaml';

import { parseYamlDocument } from '../../src/parsing/yaml-document.js';
import type { KeyValueLookup, MatchContext, MatchResult } from '../../src/snapshot/model/rule-definition.js';
import { compileRuleSpec, type SquallCompiledRule } from '../../src/rules/compile-rule-spec.js';
import { validateRuleSpec } from '../../src/rules/validate-rule-spec.js';

export const NOW = Date.parse('2026-03-01T12:00:00Z');

export function kvOf(values: Record<string, string> = {}): KeyValueLookup {
  return { get: (scope, key) => (scope === 'system' ? values[key] : undefined) };
}

export const context: MatchContext = { kv: kvOf(), now: () => NOW };

/** A rule from YAML text, validated and compiled as a pack file would be. */
export function ruleFromYaml(text: string, file = 'rules/test_rule.yaml', pack?: string): SquallCompiledRule {
  const doc = parseYamlDocument(text, file);
  return compileRuleSpec(validateRuleSpec(doc.data, doc, pack === undefined ? {} : { pack }), doc);
}

export function ruleWith(fields: Record<string, unknown>): SquallCompiledRule {
  return ruleFromYaml(
    yaml.dump({
      name: 'test_rule',
      pack: 'tests',
      enabled: true,
      trigger: { type: 'tests.event' },
      action: { ref: 'core.noop' },
      ...fields,
    }),
  );
}

/** One criterion on `trigger.v` (or `key`) against `payload`. */
export function explainOne(
  type: string,
  pattern: unknown,
  value: unknown,
  options: { key?: string; payload?: unknown; context?: MatchContext; condition?: string } = {},
): MatchResult {
  const criterion: Record<string, unknown> = { type };
  if (pattern !== undefined) criterion['pattern'] = pattern;
  if (options.condition !== undefined) criterion['condition'] = options.condition;
  const rule = ruleWith({ criteria: { [options.key ?? 'trigger.v']: criterion } });
  const payload = options.payload ?? (value === undefined ? { other: 1 } : { v: value });
  const result = rule.explain(payload, options.context ?? context);
  // The fast path must always agree with the explaining one.
  if (rule.matches(payload, options.context ?? context) !== result.matched) {
    throw new Error(`matches() and explain() disagree for ${type} ${JSON.stringify(pattern)}`);
  }
  return result;
}

export function check(
  type: string,
  pattern: unknown,
  value: unknown,
  options: Parameters<typeof explainOne>[3] = {},
) {
  return explainOne(type, pattern, value, options).matched;
}

/** The ValidationError message a rule's YAML produces. */
export function loadError(text: string, file = 'rules/on_push.yaml', pack?: string): string {
  try {
    ruleFromYaml(text, file, pack);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the rule to be rejected');
}
