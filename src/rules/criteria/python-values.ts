/**
 * Python 3 semantics for JSON values, as st2's operators see them (`==`, `<`, `in`). Booleans are
 * Python ints (`True == 1`, `True < 2`); an operation Python would refuse raises OperatorTypeError,
 * which the criterion turns into "did not match" with the reason recorded.
 */

import { isRecord } from '../../common/guards.js';

export class OperatorTypeError extends Error {
  override name = 'OperatorTypeError';
}

export type PythonType = 'NoneType' | 'bool' | 'int' | 'float' | 'str' | 'list' | 'dict' | 'object';

export function pythonType(value: unknown): PythonType {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'object') return Array.isArray(value) ? 'list' : 'dict';
  return 'object';
}

/** Python's truth value of a JSON value (`{}`, `[]`, `""`, `0`, `False`, `None` are false). */
export function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'object')
    return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
  return Boolean(value);
}

/** bool and number share Python's numeric tower. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

export function pythonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  const na = asNumber(a);
  if (na !== undefined) return na === asNumber(b);
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pythonEquals(a[i], b[i])) return false;
    return true;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (!Object.hasOwn(b, key) || !pythonEquals(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** Code-point order, as Python compares str (JS `<` compares UTF-16 units). */
function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * Python's ordering: negative, zero or positive. Raises OperatorTypeError where Python 3 raises
 * TypeError ('<' not supported between 'str' and 'int', None, dicts).
 */
export function pythonCompare(a: unknown, b: unknown, symbol: string): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
      if (pythonEquals(a[i], b[i])) continue;
      return pythonCompare(a[i], b[i], symbol);
    }
    return a.length - b.length;
  }
  throw new OperatorTypeError(
    `'${symbol}' not supported between instances of '${pythonType(a)}' and '${pythonType(b)}'`,
  );
}

/** Python's `item in container`: substring, list membership or dict key membership. */
export function pythonContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new OperatorTypeError(`'in <string>' requires string as left operand, not ${pythonType(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (const element of container) if (pythonEquals(element, item)) return true;
    return false;
  }
  if (isRecord(container)) {
    if (typeof item === 'object' && item !== null) {
      throw new OperatorTypeError(`unhashable type: '${pythonType(item)}'`);
    }
    return typeof item === 'string' && Object.hasOwn(container, item);
  }
  throw new OperatorTypeError(`argument of type '${pythonType(container)}' is not iterable`);
}

export function requireString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new OperatorTypeError(`${what} must be a string, not ${pythonType(value)}`);
}

/** A short Python-like rendering of a value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (value === null) return 'null';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
