import { pythonRepr } from '../../templates/python-repr.js';
import { noMatchingFunction, YaqlRuntimeError } from './yaql-errors.js';

/** YAQL values are JSON data: null, booleans, numbers, strings, lists and dicts. */
export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python truthiness, which YAQL's `and`, `or`, `not` and `where()` use. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python `==`: deep for lists and dicts, `1 == 1.0`, `True == 1`. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  const left = typeof a === 'boolean' ? Number(a) : a;
  const right = typeof b === 'boolean' ? Number(b) : b;
  if (left === right) return true;
  if (left === null || right === null || left === undefined || right === undefined) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => pythonEquals(item, right[i]));
  }
  if (isDict(left) && isDict(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && pythonEquals(left[key], right[key]))
    );
  }
  return false;
}

/** Python ordering: numbers with numbers, strings with strings, lists item by item. */
export function pythonCompare(operator: string, a: unknown, b: unknown): number {
  const left = typeof a === 'boolean' ? Number(a) : a;
  const right = typeof b === 'boolean' ? Number(b) : b;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
      if (!pythonEquals(left[i], right[i])) return pythonCompare(operator, left[i], right[i]);
    }
    return left.length - right.length;
  }
  throw noMatchingFunction(`#operator_${operator}`);
}

export function arithmetic(operator: string, a: unknown, b: unknown): unknown {
  if (operator === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (isDict(a) && isDict(b)) return { ...a, ...b };
  }
  if (typeof a !== 'number' || typeof b !== 'number') throw noMatchingFunction(`#operator_${operator}`);
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new YaqlRuntimeError('ZeroDivisionError', 'division by zero');
      return a / b;
    default:
      if (b === 0) throw new YaqlRuntimeError('ZeroDivisionError', 'division by zero');
      return ((a % b) + b) % b;
  }
}

/** `x in collection`: list membership, substring, dict key. */
export function contains(collection: unknown, item: unknown): boolean {
  if (Array.isArray(collection)) return collection.some((entry) => pythonEquals(entry, item));
  if (typeof collection === 'string' && typeof item === 'string') return collection.includes(item);
  if (isDict(collection) && typeof item === 'string') return Object.hasOwn(collection, item);
  throw noMatchingFunction('#operator_in');
}

/**
 * yaql's `str()`: `null`, `true`, `false` in YAQL's spelling; lists print as the tuples yaql
 * holds them in.
 */
export function yaqlStr(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => pythonRepr(item));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return pythonRepr(value);
}
