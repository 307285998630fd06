import { MissingDatastoreKey } from './datastore-view.js';
import { SafeString } from './nunjucks-internals.js';

/**
 * Runtime half of Jinja's loop filter `{% for x in items if test %}`: the test is compiled as an
 * anonymous macro that prints LOOP_TEST_PASSED when the item passes (see jinja-syntax.ts).
 */
export const LOOP_TEST_PASSED = '1';

/** Python truthiness: empty strings, lists and dicts, 0, None and missing values are false. */
export function pythonTruth(value: unknown): boolean {
  if (value === undefined || value === null || value instanceof MissingDatastoreKey) return false;
  if (value instanceof SafeString) return String(value) !== '';
  if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * The items the loop body sees. With several loop names (`for k, v in …`) an object gives its
 * entries, which nunjucks unpacks the same way it unpacks the object itself.
 */
export function loopSelect(items: unknown, test: unknown, arity: number): unknown[] {
  if (typeof test !== 'function') throw new Error('loop filter: internal test is not callable');
  const passes = (args: unknown[]): boolean => String(test(...args)) === LOOP_TEST_PASSED;
  if (items === undefined || items === null || items instanceof MissingDatastoreKey) return [];
  if (arity > 1 && typeof items === 'object' && !Array.isArray(items) && !(Symbol.iterator in items)) {
    return Object.entries(items).filter((entry) => passes(entry));
  }
  const list = typeof items === 'string' ? [...items] : Array.from(items as Iterable<unknown>);
  return list.filter((item) => passes(arity > 1 && Array.isArray(item) ? item.slice(0, arity) : [item]));
}
