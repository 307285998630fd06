import type { Thunk, YaqlFunction } from './yaql-evaluator.js';
import { noMatchingFunction, YaqlRuntimeError } from './yaql-errors.js';
import { isDict, truthy, yaqlStr } from './yaql-values.js';

/** A function taking `min`..`max` evaluated positional arguments; others are refused. */
export function eager(
  name: string,
  min: number,
  max: number,
  fn: (args: unknown[], named: Record<string, unknown>) => unknown,
  /** The keyword arguments it takes; `'*'`: any. */
  keywords: readonly string[] | '*' = [],
): YaqlFunction {
  return {
    call: (args, named) => {
      if (args.length < min || args.length > max) throw noMatchingFunction(name);
      if (keywords !== '*' && Object.keys(named).some((key) => !keywords.includes(key))) {
        throw noMatchingFunction(name);
      }
      return fn(args, named);
    },
  };
}

export function lazy(
  fn: (args: Thunk[], named: Record<string, Thunk>, cases: [Thunk, Thunk][]) => unknown,
): YaqlFunction {
  return { lazy: true, call: fn };
}

export function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string') throw noMatchingFunction(name);
  return value;
}

export function requireList(name: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isDict(value)) return Object.keys(value);
  if (typeof value === 'string') return [...value];
  throw noMatchingFunction(name);
}

export function requireInteger(name: string, value: unknown): number {
  if (!Number.isInteger(value)) throw noMatchingFunction(name);
  return value as number;
}

function toInt(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  throw new YaqlRuntimeError('ValueError', `invalid literal for int() with base 10: '${String(value)}'`);
}

function toFloat(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean' || typeof value === 'number') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new YaqlRuntimeError('ValueError', `could not convert string to float: '${String(value)}'`);
}

function range(args: unknown[]): number[] {
  const numbers = args.map((arg) => requireInteger('range', arg));
  const [start, stop, step] =
    numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) throw new YaqlRuntimeError('ValueError', 'range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function random(args: unknown[]): number {
  if (args.length === 0) return Math.random();
  const [from, to] = args.map((arg) => requireInteger('random', arg)) as [number, number];
  return from + Math.floor(Math.random() * (to - from + 1));
}

/** `dict(a => 1)`, `dict([[k, v], …])`, `dict({…})`. */
function dict(args: unknown[], named: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const arg of args) {
    if (isDict(arg)) Object.assign(result, arg);
    else if (Array.isArray(arg)) {
      for (const pair of arg) {
        if (!Array.isArray(pair) || pair.length !== 2) throw noMatchingFunction('dict');
        result[String(pair[0])] = pair[1];
      }
    } else throw noMatchingFunction('dict');
  }
  return Object.assign(result, named);
}

function length(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isDict(value)) return Object.keys(value).length;
  throw noMatchingFunction('len');
}

const TYPE_TESTS: Record<string, (value: unknown) => boolean> = {
  isString: (value) => typeof value === 'string',
  isList: (value) => Array.isArray(value),
  isDict: (value) => isDict(value),
  isInteger: (value) => Number.isInteger(value),
  isNumber: (value) => typeof value === 'number',
  isBoolean: (value) => typeof value === 'boolean',
};

/** Conversions, arithmetic and branching from yaql's standard library. */
export const CORE_FUNCTIONS: Record<string, YaqlFunction> = {
  str: eager('str', 1, 1, ([value]) => yaqlStr(value)),
  int: eager('int', 1, 1, ([value]) => toInt(value)),
  float: eager('float', 1, 1, ([value]) => toFloat(value)),
  bool: eager('bool', 1, 1, ([value]) => truthy(value)),
  len: eager('len', 1, 1, ([value]) => length(value)),
  abs: eager('abs', 1, 1, ([value]) => {
    if (typeof value !== 'number') throw noMatchingFunction('abs');
    return Math.abs(value);
  }),
  range: eager('range', 1, 3, range),
  random: eager('random', 0, 2, random),
  list: eager('list', 0, Infinity, (args) => args),
  dict: eager('dict', 0, Infinity, dict, '*'),
  coalesce: lazy((args) => {
    for (const arg of args) {
      const value = arg();
      if (value !== null && value !== undefined) return value;
    }
    return null;
  }),
  switch: lazy((_args, _named, cases) => {
    for (const [condition, value] of cases) if (truthy(condition())) return value();
    return null;
  }),
  ...Object.fromEntries(
    Object.entries(TYPE_TESTS).map(([name, test]) => [name, eager(name, 1, 1, ([value]) => test(value))]),
  ),
};
