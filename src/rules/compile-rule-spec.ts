import type { YamlDocument } from '../parsing/yaml-document.js';
import type { CompiledRule, MatchContext, MatchResult, RuleSpec } from '../snapshot/model/rule-definition.js';
import type { SourceLocation } from '../common/errors.js';
import type { Discriminator } from './criteria/criterion-types.js';
import { MATCHED, type MatchOutcome, type RuleMatcher } from './match-outcome.js';
import { createRuleSite } from './rule-site.js';
import { ruleMatchers } from './rule-matchers.js';
import { triggerKeyOf } from './trigger-key.js';

/** A compiled rule that also answers the three-way outcome the rule index uses. */
export interface SquallCompiledRule extends CompiledRule {
  /** Never throws: FAILED means an evaluation error (record a failed enforcement). */
  evaluate(payload: unknown, context: MatchContext): MatchOutcome;
  /**
   * The rule's first criterion when it is `equals` a constant string: the rule cannot match unless
   * the value at `path` is `value`, so the index may skip it without evaluating (never an error:
   * st2 stops at the first failing criterion).
   */
  discriminator?: Discriminator;
}

/**
 * Compiles a validated RuleSpec: criteria keys become getters, constant patterns prepared tests
 * (regexes compiled), template patterns compiled templates. Throws a ValidationError (naming the
 * file and line when `doc` is given) for what cannot be compiled.
 */
export function compileRuleSpec(spec: RuleSpec, doc?: YamlDocument): SquallCompiledRule {
  const ref = `${spec.pack}.${spec.name}`;
  const site = createRuleSite(doc, ref);
  const { criteria, conditions } = ruleMatchers(spec, site);
  const evaluate = conditions ? both(criteria, conditions) : criteria.evaluate;
  const source: SourceLocation | undefined = doc ? { file: doc.file } : undefined;
  return {
    ref,
    spec,
    ...(source ? { source } : {}),
    triggerKey: triggerKeyOf(spec.trigger.type, spec.trigger.parameters),
    ...(criteria.discriminator ? { discriminator: criteria.discriminator } : {}),
    evaluate,
    matches: (payload, context) => evaluate(payload, context) === MATCHED,
    explain: (payload, context) => explainBoth(criteria, conditions, payload, context),
  };
}

function both(criteria: RuleMatcher, conditions: RuleMatcher): RuleMatcher['evaluate'] {
  return (payload, context) => {
    const outcome = criteria.evaluate(payload, context);
    return outcome === MATCHED ? conditions.evaluate(payload, context) : outcome;
  };
}

function explainBoth(
  criteria: RuleMatcher,
  conditions: RuleMatcher | undefined,
  payload: unknown,
  context: MatchContext,
): MatchResult {
  const first = criteria.explain(payload, context);
  if (!first.matched || !conditions) return first;
  const second = conditions.explain(payload, context);
  return { ...second, criteria: [...first.criteria, ...second.criteria] };
}
