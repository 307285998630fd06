import type { MatchContext } from '../../snapshot/model/rule-definition.js';
import { errorMessage } from '../../common/errors.js';
import { compileTemplate, isTemplate } from '../../templates/compile-template.js';
import type { TemplateContext } from '../../templates/template-types.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { describePath, type RuleSite } from '../rule-site.js';
import { compileCriteriaKey, type ValueGetter } from './compile-key.js';
import { PatternError, type CriteriaOperator, type ValueTest } from './operators/criteria-operator.js';
import {
  criteriaOperatorNames,
  findCriteriaOperator,
  SEARCH_OPERATOR,
} from './operators/operator-registry.js';
import { compileSearch } from './compile-search.js';
import type { CompiledCriterion, CriterionPlace } from './criterion-types.js';
import { isRecord } from '../../common/guards.js';

export function compileCriterion(key: string, spec: unknown, place: CriterionPlace): CompiledCriterion {
  const site: RuleSite = place.site;
  const path = place.path;
  if (!isRecord(spec)) {
    site.fail(path, `${describePath(path)} must be a mapping like {type: equals, pattern: "x"}`);
  }
  const record = spec;
  for (const field of Object.keys(record)) {
    if (field !== 'type' && field !== 'pattern' && field !== 'condition') {
      site.fail(
        [...path, field],
        `unknown field "${field}" in ${describePath(path)}${didYouMean(field, ['type', 'pattern', 'condition'])}`,
      );
    }
  }
  const operatorName = record['type'];
  if (typeof operatorName !== 'string' || operatorName === '') {
    site.fail(path, `${describePath(path)} needs a "type" (the operator, e.g. equals)`);
  }
  let getter: ValueGetter;
  let keyPath: string;
  try {
    ({ get: getter, path: keyPath } = compileCriteriaKey(key, place.root));
  } catch (error) {
    site.fail(path, `bad key in ${describePath(path)}: ${errorMessage(error)}`);
  }
  const pattern = record['pattern'];
  if (operatorName.toLowerCase() === SEARCH_OPERATOR) {
    const check = compileSearch(record, place, compileCriterion);
    return assemble(key, operatorName, getter, { resolve: () => check, render: () => pattern });
  }
  const operator = findCriteriaOperator(operatorName);
  if (!operator) {
    site.fail(
      [...path, 'type'],
      `unknown operator "${operatorName}" in ${describePath(path)}${didYouMean(operatorName, criteriaOperatorNames())}`,
    );
  }
  if (record['condition'] !== undefined) {
    site.fail(
      [...path, 'condition'],
      `"condition" only applies to the search operator (${describePath(path)})`,
    );
  }
  if (pattern === undefined && !operator.ignoresPattern) {
    site.fail(path, `${describePath(path)} needs a "pattern" for the ${operator.name} operator`);
  }
  const criterion = assemble(key, operatorName, getter, patternTest(operator, pattern, place));
  if (operator.name === 'equals' && typeof pattern === 'string' && !isTemplate(pattern)) {
    criterion.discriminator = { path: keyPath, get: getter, value: pattern };
  }
  return criterion;
}

/**
 * The test for one evaluation: a constant pattern is prepared once; a template is rendered per
 * evaluation (its last rendering is kept, so a template over the datastore prepares once).
 */
interface TestSource {
  resolve(root: unknown, context: MatchContext): ValueTest;
  /** The pattern this evaluation uses (rendered, for a template). */
  render(root: unknown, context: MatchContext): unknown;
}

function patternTest(operator: CriteriaOperator, pattern: unknown, place: CriterionPlace): TestSource {
  const site: RuleSite = place.site;
  const path = place.path;
  if (typeof pattern === 'string' && isTemplate(pattern) && !operator.ignoresPattern) {
    let template: (context: TemplateContext) => unknown;
    try {
      template = compileTemplate(pattern, { name: `${site.ruleRef} ${describePath(path)}.pattern` });
    } catch (error) {
      site.fail(
        [...path, 'pattern'],
        `bad template in ${describePath(path)}.pattern: ${errorMessage(error)}`,
      );
    }
    let lastPattern: unknown = undefined;
    let lastTest: ValueTest | undefined;
    const render = (root: unknown, context: MatchContext) =>
      template(templateContext(place.root, root, context));
    return {
      render,
      resolve(root, context) {
        const rendered = render(root, context);
        if (lastTest === undefined || rendered !== lastPattern || typeof rendered === 'object') {
          lastTest = operator.prepare(rendered);
          lastPattern = rendered;
        }
        return lastTest;
      },
    };
  }
  let test: ValueTest;
  try {
    test = operator.prepare(pattern);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    site.fail([...path, 'pattern'], `${error.message} (${describePath(path)})`);
  }
  return { resolve: () => test, render: () => pattern };
}

function templateContext(root: 'trigger' | 'item', value: unknown, context: MatchContext): TemplateContext {
  return root === 'trigger' ? { trigger: value, kv: context.kv } : { kv: context.kv, extra: { item: value } };
}

function assemble(key: string, operator: string, get: ValueGetter, source: TestSource): CompiledCriterion {
  const { resolve, render } = source;
  return {
    key,
    operator,
    test: (root, context) => resolve(root, context)(get(root), context),
    explain(root, context) {
      let value: unknown;
      let pattern: unknown;
      try {
        value = get(root);
        pattern = render(root, context);
        const passed = resolve(root, context)(value, context);
        return { key, operator, pattern, value, passed };
      } catch (error) {
        return { key, operator, pattern, value, passed: false, error: errorMessage(error) };
      }
    },
  };
}
