import type { YamlPath } from '../../parsing/yaml-document.js';
import type { CriterionResult, MatchContext } from '../../snapshot/model/rule-definition.js';
import { errorMessage } from '../../common/errors.js';
import { PatternError, type ValueTest } from '../criteria/operators/criteria-operator.js';
import { criteriaOperatorNames, findCriteriaOperator } from '../criteria/operators/operator-registry.js';
import { isRecord } from '../../common/guards.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { FAILED, MATCHED, NOT_MATCHED, type RuleMatcher } from '../match-outcome.js';
import type { RuleSite } from '../rule-site.js';
import { compileConditionPath } from './condition-path.js';
import { JRE_OPERATORS } from './jre-operators.js';

/**
 * Squall's `conditions` (json-rules-engine's shape) compiled to closures. Semantics follow
 * json-rules-engine: `all: []` and `any: []` are true, leaves read `fact` (`trigger` is the
 * payload; any other fact is undefined, as with allowUndefinedFacts) at `path`, a `value` that is
 * `{fact, path}` reads a fact too. Leaves may also use st2 operator names (json-rules-engine's
 * names win where both exist: `contains`, `in`). An error in an evaluated leaf fails the rule.
 */
export function compileConditions(spec: unknown, site: RuleSite): RuleMatcher {
  const root = compileNode(spec, ['conditions'], 'conditions', site);
  return {
    evaluate(payload, context) {
      try {
        return root.test(payload, context) ? MATCHED : NOT_MATCHED;
      } catch {
        return FAILED;
      }
    },
    explain(payload, context) {
      const results: CriterionResult[] = [];
      const state: ExplainState = { results, error: undefined };
      const matched = root.explain(payload, context, state);
      return state.error === undefined
        ? { matched, criteria: results }
        : { matched: false, criteria: results, error: state.error };
    },
  };
}

interface ExplainState {
  results: CriterionResult[];
  error: string | undefined;
}

interface ConditionNode {
  /** Throws when a leaf cannot be evaluated. */
  test(payload: unknown, context: MatchContext): boolean;
  explain(payload: unknown, context: MatchContext, state: ExplainState): boolean;
}

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['fact', 'path', 'operator', 'value', 'params', 'name', 'priority'];

function compileNode(spec: unknown, path: YamlPath, label: string, site: RuleSite): ConditionNode {
  if (!isRecord(spec))
    site.fail(path, `${label} must be a mapping with all, any, not, or fact/operator/value`);
  const booleans = BOOLEAN_KEYS.filter((key) => Object.hasOwn(spec, key));
  if (booleans.length > 1)
    site.fail(path, `${label} has both "${booleans[0]}" and "${booleans[1]}": use one`);
  const kind = booleans[0];
  if (kind === undefined) return compileLeaf(spec, path, label, site);
  for (const key of Object.keys(spec)) {
    if (key !== kind && key !== 'name' && key !== 'priority') {
      site.fail(
        [...path, key],
        `unknown field "${key}" in ${label}${didYouMean(key, [...BOOLEAN_KEYS, ...LEAF_KEYS])}`,
      );
    }
  }
  const body = spec[kind];
  if (kind === 'not') {
    if (Array.isArray(body)) site.fail([...path, 'not'], `${label}.not takes one condition, not a list`);
    const inner = compileNode(body, [...path, 'not'], `${label}.not`, site);
    return {
      test: (payload, context) => !inner.test(payload, context),
      explain: (payload, context, state) => !inner.explain(payload, context, state),
    };
  }
  if (!Array.isArray(body)) site.fail([...path, kind], `${label}.${kind} must be a list of conditions`);
  const children = body.map((child, index) =>
    compileNode(child, [...path, kind, index], `${label}.${kind}[${index}]`, site),
  );
  const every = kind === 'all';
  if (children.length === 0) return { test: () => true, explain: () => true };
  return {
    test(payload, context) {
      for (const child of children) if (child.test(payload, context) !== every) return !every;
      return every;
    },
    explain(payload, context, state) {
      for (const child of children) {
        const passed = child.explain(payload, context, state);
        if (state.error !== undefined) return false;
        if (passed !== every) return !every;
      }
      return every;
    },
  };
}

function compileLeaf(
  spec: Record<string, unknown>,
  path: YamlPath,
  label: string,
  site: RuleSite,
): ConditionNode {
  for (const key of Object.keys(spec)) {
    if (!LEAF_KEYS.includes(key)) {
      site.fail(
        [...path, key],
        `unknown field "${key}" in ${label}${didYouMean(key, [...BOOLEAN_KEYS, ...LEAF_KEYS])}`,
      );
    }
  }
  const { fact, operator } = spec;
  if (typeof fact !== 'string' || fact === '')
    site.fail(path, `${label} needs a "fact" (e.g. fact: trigger)`);
  if (typeof operator !== 'string' || operator === '') site.fail(path, `${label} needs an "operator"`);
  if (!Object.hasOwn(spec, 'value')) site.fail(path, `${label} needs a "value"`);
  const factPath = spec['path'];
  if (factPath !== undefined && typeof factPath !== 'string')
    site.fail([...path, 'path'], `${label}.path must be a string`);
  const readFact = factReader(fact, factPath, [...path, 'path'], label, site);
  const value = spec['value'];
  const readValue =
    isRecord(value) && Object.hasOwn(value, 'fact')
      ? factReader(
          String(value['fact']),
          value['path'] as string | undefined,
          [...path, 'value'],
          label,
          site,
        )
      : undefined;
  const check = leafCheck(operator, value, readValue !== undefined, [...path, 'operator'], label, site);
  const shownOperator = operator;
  return {
    test: (payload, context) => check(readFact(payload), readValue ? readValue(payload) : value, context),
    explain(payload, context, state) {
      let factValue: unknown;
      let pattern: unknown = value;
      try {
        factValue = readFact(payload);
        if (readValue) pattern = readValue(payload);
        const passed = check(factValue, pattern, context);
        state.results.push({ key: label, operator: shownOperator, pattern, value: factValue, passed });
        return passed;
      } catch (error) {
        state.error = errorMessage(error);
        state.results.push({
          key: label,
          operator: shownOperator,
          pattern,
          value: factValue,
          passed: false,
          error: state.error,
        });
        return false;
      }
    },
  };
}

function factReader(
  fact: string,
  factPath: string | undefined,
  path: YamlPath,
  label: string,
  site: RuleSite,
): (payload: unknown) => unknown {
  let resolve: (value: unknown) => unknown;
  try {
    resolve = compileConditionPath(factPath);
  } catch (error) {
    site.fail(path, `bad path in ${label}: ${errorMessage(error)}`);
  }
  if (fact !== 'trigger') return () => undefined;
  return (payload) => resolve(payload);
}

type LeafCheck = (factValue: unknown, value: unknown, context: MatchContext) => boolean;

function leafCheck(
  operator: string,
  value: unknown,
  valueIsFact: boolean,
  path: YamlPath,
  label: string,
  site: RuleSite,
): LeafCheck {
  const jre = JRE_OPERATORS.get(operator);
  if (jre) return (factValue, pattern) => jre(factValue, pattern);
  const st2 = findCriteriaOperator(operator);
  if (!st2) {
    const names = [...JRE_OPERATORS.keys(), ...criteriaOperatorNames().filter((name) => name !== 'search')];
    site.fail(path, `unknown operator "${operator}" in ${label}${didYouMean(operator, names)}`);
  }
  if (valueIsFact) return (factValue, pattern, context) => st2.prepare(pattern)(factValue, context);
  let test: ValueTest;
  try {
    test = st2.prepare(value);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    site.fail(path, `${error.message} (${label})`);
  }
  return (factValue, _pattern, context) => test(factValue, context);
}
