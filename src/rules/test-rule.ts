import type {
  CompiledRule,
  CriterionResult,
  MatchContext,
  MatchResult,
} from '../snapshot/model/rule-definition.js';
import { describeValue } from './criteria/python-values.js';

/** The rule tester's core: the rule's per-criterion report for one payload. Never throws. */
export function explainRule(rule: CompiledRule, payload: unknown, context: MatchContext): MatchResult {
  return rule.explain(payload, context);
}

/**
 * Human lines for a report, as `squall rule test` prints them:
 * `✔ trigger.body.name equals "st2" → "st2"`, failing and unevaluated criteria included.
 */
export function formatMatchReport(rule: CompiledRule, result: MatchResult): string[] {
  const lines = [result.matched ? `✔ rule ${rule.ref} matches` : `✘ rule ${rule.ref} does not match`];
  if (!rule.spec.enabled)
    lines.push('  (the rule is disabled: it matches here but will not fire until enabled)');
  for (const criterion of result.criteria) lines.push(`  ${formatCriterion(criterion)}`);
  const criteriaKeys = Object.keys(rule.spec.criteria ?? {});
  const evaluated = new Set(result.criteria.map((criterion) => criterion.key));
  if (
    !result.matched &&
    result.criteria.length === 0 &&
    criteriaKeys.length > 0 &&
    result.error === undefined
  ) {
    lines.push('  ✘ the payload is empty: criteria never match an empty payload');
  }
  if (!result.matched) {
    for (const key of criteriaKeys) {
      if (evaluated.has(key)) continue;
      const spec = rule.spec.criteria?.[key];
      const pattern = spec?.pattern === undefined ? '' : ` ${describeValue(spec.pattern)}`;
      lines.push(`  · ${key} ${spec?.type ?? '?'}${pattern} (not evaluated)`);
    }
  }
  if (result.error !== undefined) lines.push(`  error: ${result.error}`);
  return lines;
}

function formatCriterion(criterion: CriterionResult): string {
  const mark = criterion.passed ? '✔' : '✘';
  // exists/nexists take no pattern: print none rather than "(missing)".
  const pattern = criterion.pattern === undefined ? '' : ` ${describeValue(criterion.pattern)}`;
  const text = `${mark} ${criterion.key} ${criterion.operator}${pattern} → ${describeValue(criterion.value)}`;
  return criterion.error === undefined ? text : `${text} (error: ${criterion.error})`;
}
