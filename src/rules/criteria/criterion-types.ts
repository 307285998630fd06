import type { YamlPath } from '../../parsing/yaml-document.js';
import type { CriterionResult, MatchContext } from '../../snapshot/model/rule-definition.js';
import type { RuleSite } from '../rule-site.js';

/** One criterion, compiled: `trigger.body.x: {type: equals, pattern: 1}`. */
export interface CompiledCriterion {
  /** The key as written, `#suffix` included. */
  key: string;
  /** The operator as written. */
  operator: string;
  /** Fast path. Throws when the criterion cannot be evaluated (the caller counts it as false). */
  test(root: unknown, context: MatchContext): boolean;
  explain(root: unknown, context: MatchContext): CriterionResult;
  /** Set when the criterion is `equals` a constant string: the rule index groups rules by it. */
  discriminator?: Discriminator;
}

/** `path equals "value"`: a criterion a rule index can answer with one hash lookup. */
export interface Discriminator {
  /** The key without its `#suffix`: criteria with equal paths read the same value. */
  path: string;
  get: (root: unknown) => unknown;
  value: string;
}

/** Where the criterion is: its YAML path and the variable its keys start with. */
export interface CriterionPlace {
  site: RuleSite;
  path: YamlPath;
  /** `trigger` for rule criteria, `item` inside a search. */
  root: 'trigger' | 'item';
}
