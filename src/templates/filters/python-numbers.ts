/** Jinja's `int` and `float` filters and Python's `%` on numbers (nunjucks uses parseInt and JS `%`). */

const PREFIXES: Record<string, number> = { x: 16, o: 8, b: 2 };
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Python `int(text, base)`: whitespace, sign, a prefix matching the base, `_` between digits. */
function parsePythonInt(text: string, base: number): number | undefined {
  if (!Number.isInteger(base) || base === 1 || base < 0 || base > 36) return undefined;
  const match = /^([+-]?)(?:0([xob])(?=_?[0-9a-z]))?(.*)$/i.exec(text.trim());
  if (!match) return undefined;
  const [, sign, prefix, rest = ''] = match;
  const prefixRadix = prefix === undefined ? undefined : PREFIXES[prefix.toLowerCase()];
  let radix = base === 0 ? 10 : base;
  let body = rest;
  if (prefixRadix !== undefined && (base === 0 || base === prefixRadix)) {
    radix = prefixRadix;
    body = body.replace(/^_/, '');
  } else if (prefix !== undefined) {
    body = `0${prefix}${rest}`;
  } else if (base === 0 && /^0+[1-9]/.test(body)) {
    return undefined;
  }
  if (!/^[0-9a-z]+(?:_[0-9a-z]+)*$/i.test(body)) return undefined;
  let result = 0;
  for (const char of body.toLowerCase().replaceAll('_', '')) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0 || digit >= radix) return undefined;
    result = result * radix + digit;
  }
  return sign === '-' ? -result : result;
}

/** Python `float(text)`: decimal or exponent notation with `_` between digits, inf, nan. */
function parsePythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(trimmed);
  if (special) {
    const value = special[2]?.toLowerCase() === 'nan' ? Number.NaN : Number.POSITIVE_INFINITY;
    return special[1] === '-' ? -value : value;
  }
  const digits = String.raw`\d+(?:_\d+)*`;
  const number = new RegExp(
    String.raw`^[+-]?(?:${digits}(?:\.(?:${digits})?)?|\.${digits})(?:e[+-]?${digits})?$`,
    'i',
  );
  return number.test(trimmed) ? Number(trimmed.replaceAll('_', '')) : undefined;
}

/** Python `float(value)` for the values templates hold; undefined where Python raises. */
function toPythonFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parsePythonFloat(value);
  return undefined;
}

/** Jinja's `int(value, default=0, base=10)`: `"3.5"` gives 3, text that is no number the default. */
export function jinjaInt(value: unknown, defaultValue: unknown = 0, base: unknown = 10): unknown {
  let result: number | undefined;
  if (typeof value === 'string') result = parsePythonInt(value, Number(base));
  else if (typeof value === 'boolean') result = value ? 1 : 0;
  if (result === undefined) {
    const float = toPythonFloat(value);
    if (float === undefined || Number.isNaN(float)) return defaultValue;
    if (!Number.isFinite(float)) throw new Error('int: cannot convert float infinity to integer');
    result = Math.trunc(float);
  }
  return Object.is(result, -0) ? 0 : result;
}

/** Jinja's `float(value, default=0.0)`. */
export function jinjaFloat(value: unknown, defaultValue: unknown = 0): unknown {
  return toPythonFloat(value) ?? defaultValue;
}

/**
 * Python's `a % b` on numbers: the result takes the sign of `b`. A string on the left is
 * Python's printf-style formatting, which Squall refuses rather than render it wrong.
 */
export function pythonModulo(left: unknown, right: unknown): number {
  if (typeof left === 'string') {
    throw new Error(
      `"%" with text on the left (${JSON.stringify(left)}) is Python string formatting, which Squall does not support; use the format filter: "%s-%s" | format(a, b), or "~" to join; a number held as text needs "| int" first`,
    );
  }
  const a = typeof left === 'boolean' ? Number(left) : left;
  const b = typeof right === 'boolean' ? Number(right) : right;
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw new Error(
      `unsupported operand types for %: ${describe(left)} and ${describe(right)}; convert with "| int" or "| float", or give a default with "| default(0)"`,
    );
  }
  if (b === 0) throw new Error('integer division or modulo by zero');
  const remainder = a % b;
  if (remainder === 0) return 0;
  return remainder < 0 !== b < 0 ? remainder + b : remainder;
}

function describe(value: unknown): string {
  if (value === undefined) return 'an undefined value';
  if (value === null) return 'None';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
