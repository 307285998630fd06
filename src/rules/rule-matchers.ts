import type { RuleSpec } from '../snapshot/model/rule-definition.js';
import { compileConditions } from './conditions/compile-conditions.js';
import { compileCriteria } from './criteria/compile-criteria.js';
import type { RuleMatcher } from './match-outcome.js';
import type { RuleSite } from './rule-site.js';

export interface RuleMatchers {
  criteria: ReturnType<typeof compileCriteria>;
  conditions: RuleMatcher | undefined;
}

// Validation compiles a rule's criteria to check them; the compile that follows reuses that work
// (keyed by the validated spec object, so an edited or rebuilt spec is compiled afresh).
const compiled = new WeakMap<RuleSpec, RuleMatchers>();

/** The rule's compiled criteria and conditions, compiled once per validated spec object. */
export function ruleMatchers(spec: RuleSpec, site: RuleSite): RuleMatchers {
  const known = compiled.get(spec);
  if (known) return known;
  const matchers: RuleMatchers = {
    criteria: compileCriteria(spec.criteria as Record<string, unknown> | undefined, site),
    conditions: spec.conditions === undefined ? undefined : compileConditions(spec.conditions, site),
  };
  compiled.set(spec, matchers);
  return matchers;
}
