import type { Thunk, YaqlFunction } from './yaql-evaluator.js';
import { noMatchingFunction, YaqlRuntimeError } from './yaql-errors.js';
import { eager, lazy, requireList, requireString } from './yaql-library-core.js';
import { isDict, pythonCompare, pythonEquals, truthy, type Dict } from './yaql-values.js';

function requireDict(name: string, value: unknown): Dict {
  if (!isDict(value)) throw noMatchingFunction(name);
  return value;
}

/** A method whose second argument is a lambda over the receiver's items. */
function overItems(name: string, fn: (items: unknown[], each: Thunk | undefined) => unknown): YaqlFunction {
  return lazy((args) => {
    if (args.length < 1 || args.length > 2) throw noMatchingFunction(name);
    return fn(requireList(name, args[0]!()), args[1]);
  });
}

function firstOrLast(name: string, pick: (items: unknown[]) => unknown): YaqlFunction {
  return eager(name, 1, 2, ([collection, ...fallback]) => {
    const items = requireList(name, collection);
    if (items.length > 0) return pick(items);
    if (fallback.length > 0) return fallback[0];
    throw new YaqlRuntimeError('StopIteration', '');
  });
}

function extreme(name: string, sign: 1 | -1): YaqlFunction {
  return eager(name, 1, 2, (args) => {
    const items = args.length === 2 ? args : requireList(name, args[0]);
    if (items.length === 0) throw new YaqlRuntimeError('ValueError', `${name}() arg is an empty sequence`);
    return items.reduce((best, item) => (pythonCompare(name, item, best) * sign > 0 ? item : best));
  });
}

function distinct(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) if (!out.some((seen) => pythonEquals(seen, item))) out.push(item);
  return out;
}

/** orquesta's zip(): lists side by side, the shorter padded with `pad` (null). */
function zip(args: unknown[], named: Record<string, unknown>): unknown {
  const lists = args.map((arg) => (arg === null ? [] : requireList('zip', arg)));
  if (lists.length === 1) return lists[0];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  const pad = named['pad'] ?? null;
  return Array.from({ length: longest }, (_, i) => lists.map((list) => (i < list.length ? list[i] : pad)));
}

/** Collection and dictionary methods of yaql's standard library. */
export const COLLECTION_FUNCTIONS: Record<string, YaqlFunction> = {
  count: eager('count', 1, 1, ([collection]) => requireList('count', collection).length),
  select: overItems('select', (items, each) => (each ? items.map((item) => each(item)) : items)),
  where: overItems('where', (items, each) => (each ? items.filter((item) => truthy(each(item))) : items)),
  any: overItems('any', (items, each) => items.some((item) => truthy(each ? each(item) : item))),
  all: overItems('all', (items, each) => items.every((item) => truthy(each ? each(item) : item))),
  orderBy: overItems('orderBy', (items, each) =>
    [...items].sort((a, b) => (each ? pythonCompare('<', each(a), each(b)) : pythonCompare('<', a, b))),
  ),
  first: firstOrLast('first', (items) => items[0]),
  last: firstOrLast('last', (items) => items[items.length - 1]),
  distinct: eager('distinct', 1, 1, ([collection]) => distinct(requireList('distinct', collection))),
  flatten: eager('flatten', 1, 1, ([collection]) =>
    requireList('flatten', collection).flatMap((item) => (Array.isArray(item) ? item : [item])),
  ),
  sum: eager('sum', 1, 1, ([collection]) =>
    requireList('sum', collection).reduce<number>((total, item) => {
      if (typeof item !== 'number') throw noMatchingFunction('sum');
      return total + item;
    }, 0),
  ),
  max: extreme('max', 1),
  min: extreme('min', -1),
  toList: eager('toList', 1, 1, ([collection]) => [...requireList('toList', collection)]),
  indexOf: eager('indexOf', 2, 2, ([collection, item]) => {
    if (typeof collection === 'string') return collection.indexOf(requireString('indexOf', item));
    return requireList('indexOf', collection).findIndex((entry) => pythonEquals(entry, item));
  }),
  contains: eager('contains', 2, 2, ([collection, item]) =>
    typeof collection === 'string'
      ? collection.includes(requireString('contains', item))
      : requireList('contains', collection).some((entry) => pythonEquals(entry, item)),
  ),
  containsKey: eager('containsKey', 2, 2, ([d, key]) =>
    Object.hasOwn(requireDict('containsKey', d), String(key)),
  ),
  containsValue: eager('containsValue', 2, 2, ([d, value]) =>
    Object.values(requireDict('containsValue', d)).some((entry) => pythonEquals(entry, value)),
  ),
  get: eager('get', 2, 3, ([d, key, fallback]) => {
    const dict = requireDict('get', d);
    const name = String(key);
    return Object.hasOwn(dict, name) ? dict[name] : (fallback ?? null);
  }),
  set: eager('set', 2, 3, (args) => {
    const dict = requireDict('set', args[0]);
    if (args.length === 2) return { ...dict, ...requireDict('set', args[1]) };
    return { ...dict, [String(args[1])]: args[2] };
  }),
  keys: eager('keys', 1, 1, ([d]) => Object.keys(requireDict('keys', d))),
  values: eager('values', 1, 1, ([d]) => Object.values(requireDict('values', d))),
  items: eager('items', 1, 1, ([d]) => Object.entries(requireDict('items', d))),
  zip: eager('zip', 1, Infinity, zip, ['pad']),
};
