import type { MatchContext } from '../../snapshot/model/rule-definition.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { describePath, type RuleSite } from '../rule-site.js';
import type { CompiledCriterion, CriterionPlace } from './criterion-types.js';
import type { ValueTest } from './operators/criteria-operator.js';
import { SEARCH_CONDITIONS, type SearchCondition } from './operators/operator-registry.js';
import { OperatorTypeError, pythonType } from './python-values.js';
import { isRecord } from '../../common/guards.js';

/**
 * st2's `search`: child criteria keyed `item.…` applied to each item of a list (an object counts
 * as a one-item list). `any`: some item passes every child; `all`: every item passes every child;
 * `any2any`: some item passes some child; `all2any`: every item passes some child. A child that
 * cannot be evaluated counts as failed, as in st2.
 */
export function compileSearch(
  record: Record<string, unknown>,
  place: CriterionPlace,
  compileChild: (key: string, spec: unknown, place: CriterionPlace) => CompiledCriterion,
): ValueTest {
  const site: RuleSite = place.site;
  const path = place.path;
  const condition = record['condition'];
  if (typeof condition !== 'string' || !(SEARCH_CONDITIONS as readonly string[]).includes(condition)) {
    const written = typeof condition === 'string' ? `"${condition}"` : 'none';
    site.fail(
      [...path, condition === undefined ? 'type' : 'condition'],
      `the search operator in ${describePath(path)} needs a condition of ${SEARCH_CONDITIONS.join(', ')} ` +
        `(got ${written})${typeof condition === 'string' ? didYouMean(condition, SEARCH_CONDITIONS) : ''}`,
    );
  }
  const pattern = record['pattern'];
  if (!isRecord(pattern) || Object.keys(pattern).length === 0) {
    site.fail(
      [...path, 'pattern'],
      `the search pattern in ${describePath(path)} must map "item.…" keys to criteria`,
    );
  }
  const children = Object.entries(pattern).map(([childKey, childSpec]) =>
    compileChild(childKey, childSpec, { site, path: [...path, 'pattern', childKey], root: 'item' }),
  );
  return searchTest(condition as SearchCondition, children);
}

function searchTest(condition: SearchCondition, children: readonly CompiledCriterion[]): ValueTest {
  const everyItem = condition === 'all' || condition === 'all2any';
  const everyChild = condition === 'all' || condition === 'any';
  const itemPasses = (item: unknown, context: MatchContext): boolean => {
    for (const child of children) {
      if (passes(child, item, context) !== everyChild) return !everyChild;
    }
    return everyChild;
  };
  return (value, context) => {
    const items = searchItems(value);
    for (const item of items) {
      if (itemPasses(item, context) !== everyItem) return !everyItem;
    }
    return everyItem;
  };
}

function passes(child: CompiledCriterion, item: unknown, context: MatchContext): boolean {
  try {
    return child.test(item, context);
  } catch {
    return false;
  }
}

function searchItems(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return [value];
  // Python iterates a string's characters.
  if (typeof value === 'string') return Array.from(value);
  throw new OperatorTypeError(`search needs a list, not ${pythonType(value)}`);
}
