import type { ParameterSpec } from '../snapshot/model/action-definition.js';
import { ValidationError } from '../common/errors.js';
import { NONE_MAGIC_VALUE } from './filters/datastore.js';
import { isRecord } from '../common/guards.js';
import { parsePythonLiteral } from './python-literal.js';

/**
 * StackStorm's casting of rendered parameter values to their declared type
 * (st2common/util/casts.py), with two deliberate differences: a non-integral number for an
 * `integer` parameter is an error rather than truncated, and `array` also accepts a
 * comma-separated list ("a, b" → ["a", "b"]; items are cast when `items.type` is given). A string
 * that is not JSON is read as a Python literal (`['a', True]`), as st2 falls back to
 * `ast.literal_eval`: that is how Jinja prints a list or dict inside text.
 * null and undefined stay as they are; `use_none`'s marker becomes null.
 */
export function castParameterValue(name: string, value: unknown, spec: ParameterSpec): unknown {
  if (value === NONE_MAGIC_VALUE) return null;
  if (value === null || value === undefined || spec.type === undefined) return value;
  if (Array.isArray(spec.type)) return castToOneOf(name, value, spec, spec.type);
  return castTo(name, value, spec, spec.type);
}

function castToOneOf(name: string, value: unknown, spec: ParameterSpec, types: string[]): unknown {
  if (types.some((type) => hasType(value, type))) return value;
  for (const type of types) {
    try {
      return castTo(name, value, spec, type);
    } catch {
      // try the next declared type
    }
  }
  throw castError(name, value, types.join(' or '));
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

const CASTS: Record<string, (value: unknown, name: string, spec: ParameterSpec) => unknown> = {
  string: (value) => (typeof value === 'string' ? value : undefined),
  integer: (value) => {
    if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
    return typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined;
  },
  number: (value) => {
    if (typeof value === 'number') return value;
    const numeric = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
    return typeof value === 'string' && numeric.test(value) ? Number(value) : undefined;
  },
  boolean: (value) => {
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 0) return value === 1;
    if (typeof value !== 'string') return undefined;
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    return undefined;
  },
  array: (value, name, spec) => {
    const list = Array.isArray(value) ? value : typeof value === 'string' ? parseList(value) : undefined;
    const items = spec.items as ParameterSpec | undefined;
    if (!list || !items || typeof items !== 'object' || items.type === undefined) return list;
    return list.map((item, index) => castParameterValue(`${name}[${index}]`, item, items));
  },
  object: (value) => {
    if (isRecord(value)) return value;
    if (typeof value !== 'string' || !value.trim().startsWith('{')) return undefined;
    const parsed = parseStructure(value);
    return isRecord(parsed) ? parsed : undefined;
  },
  null: (value) => (value === null ? value : undefined),
};

function castTo(name: string, value: unknown, spec: ParameterSpec, type: string): unknown {
  const cast = CASTS[type];
  if (!cast) return value;
  const result = cast(value, name, spec);
  if (result === undefined) throw castError(name, value, type);
  return result;
}

function parseList(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed = parseStructure(trimmed);
    return Array.isArray(parsed) ? parsed : undefined;
  }
  if (trimmed === '') return [];
  return trimmed.split(',').map((item) => item.trim());
}

/** JSON, or else a Python literal. */
function parseStructure(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return parsePythonLiteral(text);
  }
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function castError(name: string, value: unknown, expected: string): ValidationError {
  const shown = JSON.stringify(value) ?? String(value);
  const preview = shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  return new ValidationError(
    `parameter "${name}": cannot use ${preview} (${typeName(value)}) as ${expected}; give a value of type ${expected}`,
    { code: 'E_PARAMETER_TYPE', details: { parameter: name, expected, actual: typeName(value) } },
  );
}
