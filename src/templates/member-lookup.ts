import { DatastoreScope, MissingDatastoreKey } from './datastore-view.js';
import { pythonMethod } from './python-methods.js';

/** Names that lead from a value to code (`"".constructor.constructor("…")()`): never reachable. */
const BLOCKED_MEMBERS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
]);

/**
 * `target.key` and `target[key]` in templates (replaces nunjucks' memberLookup): datastore keys,
 * Python methods, and no way out of the data into JavaScript internals.
 */
export function lookupMember(target: unknown, key: unknown): unknown {
  if (target === undefined || target === null) return undefined;
  if (typeof key === 'number' && key < 0 && (Array.isArray(target) || typeof target === 'string')) {
    // Python's negative indexes count from the end.
    return target[target.length + key];
  }
  const name = String(key);
  if (target instanceof DatastoreScope) return target.get(name);
  if (target instanceof MissingDatastoreKey) return target.child(name);
  if (BLOCKED_MEMBERS.has(name)) return undefined;
  const isDict = typeof target === 'object' && !Array.isArray(target);
  if (!(isDict && Object.hasOwn(target, name))) {
    const method = pythonMethod(target, name);
    if (method) return method;
  }
  const value: unknown = (target as Record<string, unknown>)[name];
  if (typeof value === 'function') {
    return (...args: unknown[]): unknown => (value as (...a: unknown[]) => unknown).apply(target, args);
  }
  return value;
}
