import { lookupMember } from '../member-lookup.js';
import { pythonJsonDumps } from './python-json.js';
import { jinjaFloat, jinjaInt } from './python-numbers.js';
import { isRecord } from '../../common/guards.js';

/** Jinja builtin filters and tests that nunjucks lacks or defines differently. */

type Filter = (this: unknown, ...args: unknown[]) => unknown;
type Test = (this: unknown, ...args: unknown[]) => boolean;
interface FilterContext {
  env: { getFilter(name: string): Filter; getTest(name: string): Test };
}

/** nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && (last as Record<string, unknown>)['__keywords'] === true) {
    return { positional: args.slice(0, -1), keywords: last as Record<string, unknown> };
  }
  return { positional: args, keywords: {} };
}

function attribute(item: unknown, path: unknown): unknown {
  return String(path)
    .split('.')
    .reduce<unknown>((value, key) => lookupMember(value, /^\d+$/.test(key) ? Number(key) : key), item);
}

function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (typeof value === 'object' && value !== null) return Object.keys(value);
  return [];
}

function map(this: unknown, sequence: unknown, ...args: unknown[]): unknown[] {
  const { positional, keywords } = splitKeywords(args);
  if (keywords['attribute'] !== undefined) {
    return toList(sequence).map((item) => attribute(item, keywords['attribute']) ?? keywords['default']);
  }
  const [name, ...rest] = positional;
  const filter = (this as FilterContext).env.getFilter(String(name));
  return toList(sequence).map((item) => filter.call(this, item, ...rest));
}

function selectByAttribute(reject: boolean): Filter {
  return function select(
    this: unknown,
    sequence: unknown,
    attr: unknown,
    testName?: unknown,
    ...args: unknown[]
  ) {
    const test: Test =
      testName === undefined
        ? (value: unknown) => Boolean(value)
        : (this as FilterContext).env.getTest(String(testName));
    return toList(sequence).filter((item) => test.call(this, attribute(item, attr), ...args) !== reject);
  };
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function extreme(direction: 1 | -1): Filter {
  return (sequence: unknown, ...args: unknown[]) => {
    const { keywords } = splitKeywords(args);
    const items = toList(sequence);
    const key = (item: unknown): unknown =>
      keywords['attribute'] === undefined ? item : attribute(item, keywords['attribute']);
    return items.reduce<unknown>(
      (best, item) =>
        best === undefined || compareValues(key(item), key(best)) * direction > 0 ? item : best,
      undefined,
    );
  };
}

function unique(sequence: unknown): unknown[] {
  const seen = new Set<string>();
  return toList(sequence).filter((item) => {
    const key = typeof item === 'string' ? `s:${item}` : `j:${JSON.stringify(item)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Python's `%` formatting: `"%s is %d"|format(name, n)`, `%(key)s` with a dict, `%%`. */
function format(template: unknown, ...args: unknown[]): string {
  const { positional, keywords } = splitKeywords(args);
  const named =
    typeof positional[0] === 'object' && positional[0] !== null
      ? (positional[0] as Record<string, unknown>)
      : keywords;
  let index = 0;
  return String(template).replace(
    /%(?:\(([^)]+)\))?([-+ 0#]*\d*(?:\.\d+)?)([sdifrx%])/g,
    (_m, key: string | undefined, spec: string, kind: string) => {
      if (kind === '%') return '%';
      const value = key !== undefined ? named[key] : positional[index++];
      const precision = /\.(\d+)/.exec(spec)?.[1];
      if (kind === 'd' || kind === 'i') return String(Math.trunc(Number(value)));
      if (kind === 'f') return Number(value).toFixed(precision === undefined ? 6 : Number(precision));
      if (kind === 'x') return Math.trunc(Number(value)).toString(16);
      if (kind === 'r') return pythonJsonDumps(value);
      return typeof value === 'string' ? value : pythonJsonDumps(value);
    },
  );
}

function items(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

export const JINJA_FILTERS: Record<string, Filter> = {
  attr: (value: unknown, name: unknown) => lookupMember(value, name),
  count: (value: unknown) =>
    typeof value === 'string' || Array.isArray(value) ? value.length : items(value).length,
  float: (value: unknown, ...args: unknown[]) => {
    const { positional, keywords } = splitKeywords(args);
    return jinjaFloat(value, positional[0] ?? keywords['default']);
  },
  format,
  int: (value: unknown, ...args: unknown[]) => {
    const { positional, keywords } = splitKeywords(args);
    return jinjaInt(value, positional[0] ?? keywords['default'], positional[1] ?? keywords['base']);
  },
  items,
  map,
  max: extreme(1),
  min: extreme(-1),
  rejectattr: selectByAttribute(true),
  selectattr: selectByAttribute(false),
  unique,
};

export const JINJA_TESTS: Record<string, Test> = {
  in: (value: unknown, container: unknown) =>
    Array.isArray(container)
      ? container.includes(value)
      : typeof container === 'string'
        ? container.includes(String(value))
        : typeof container === 'object' && container !== null && Object.hasOwn(container, String(value)),
  none: (value: unknown) => value === null,
  boolean: (value: unknown) => typeof value === 'boolean',
  integer: (value: unknown) => Number.isInteger(value),
  float: (value: unknown) => typeof value === 'number' && !Number.isInteger(value),
  sequence: (value: unknown) => Array.isArray(value) || typeof value === 'string',
  true: (value: unknown) => value === true,
  false: (value: unknown) => value === false,
};
