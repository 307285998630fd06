/**
 * The Python methods Jinja users call on values (`trigger.body.items()`, `name.upper()`), for
 * the types they come from: dicts, lists and strings. Looked up only when the value has no
 * property of that name.
 */

import { isPlainObject } from '../common/guards.js';

type Method = (...args: unknown[]) => unknown;

function dictMethods(target: Record<string, unknown>): Record<string, Method> {
  return {
    items: () => Object.entries(target),
    keys: () => Object.keys(target),
    values: () => Object.values(target),
    get: (key, fallback = null) => (Object.hasOwn(target, String(key)) ? target[String(key)] : fallback),
  };
}

function stripChars(chars: unknown): string {
  return chars === undefined || chars === null ? ' \t\n\r\f\v' : String(chars);
}

function strip(value: string, chars: unknown, left: boolean, right: boolean): string {
  const set = stripChars(chars);
  let start = 0;
  let end = value.length;
  while (left && start < end && set.includes(value[start] ?? '')) start += 1;
  while (right && end > start && set.includes(value[end - 1] ?? '')) end -= 1;
  return value.slice(start, end);
}

function split(value: string, separator: unknown, maxSplit: unknown): string[] {
  const limit = typeof maxSplit === 'number' && maxSplit >= 0 ? maxSplit : Infinity;
  if (separator === undefined || separator === null) {
    const words = value
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '');
    if (limit >= words.length - 1) return words;
    const head = words.slice(0, limit);
    const rest = value.trim().replace(new RegExp(`^(?:\\S+\\s+){${limit}}`), '');
    return [...head, rest];
  }
  const parts = value.split(String(separator));
  if (limit >= parts.length - 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(String(separator))];
}

function stringMethods(target: string): Record<string, Method> {
  return {
    upper: () => target.toUpperCase(),
    lower: () => target.toLowerCase(),
    strip: (chars) => strip(target, chars, true, true),
    lstrip: (chars) => strip(target, chars, true, false),
    rstrip: (chars) => strip(target, chars, false, true),
    split: (separator, maxSplit) => split(target, separator, maxSplit),
    startswith: (prefix) => target.startsWith(String(prefix)),
    endswith: (suffix) => target.endsWith(String(suffix)),
    replace: (from, to) => target.replaceAll(String(from), String(to)),
    find: (needle) => target.indexOf(String(needle)),
    join: (items) => (Array.isArray(items) ? items.map(String).join(target) : String(items)),
    capitalize: () => target.charAt(0).toUpperCase() + target.slice(1).toLowerCase(),
    title: () =>
      target.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  };
}

function listMethods(target: unknown[]): Record<string, Method> {
  return {
    index: (item) => target.indexOf(item),
    count: (item) => target.filter((entry) => entry === item).length,
  };
}

export function pythonMethod(target: unknown, name: string): Method | undefined {
  let methods: Record<string, Method> | undefined;
  if (typeof target === 'string') methods = stringMethods(target);
  else if (Array.isArray(target)) methods = listMethods(target);
  else if (isPlainObject(target)) methods = dictMethods(target);
  return methods && Object.hasOwn(methods, name) ? methods[name] : undefined;
}
