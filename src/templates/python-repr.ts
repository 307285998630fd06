/**
 * Python's `str()` and `repr()` of JSON-like values, which is how Jinja (and so StackStorm) prints
 * a value inside text: `True`, `False`, `None`, `[1, 'a']`, `{'a': True}`.
 */

/** `str(value)`: strings as they are, everything else as `repr`. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** `repr(value)` for the types JSON and YAML produce. */
export function pythonRepr(value: unknown): string {
  return repr(value, new Set());
}

function repr(value: unknown, seen: Set<object>): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonStringRepr(value);
  if (value instanceof Date) return pythonStringRepr(value.toISOString());
  if (typeof value !== 'object') return pythonStringRepr(String(value));
  if (seen.has(value)) return Array.isArray(value) ? '[...]' : '{...}';
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => repr(item, seen)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, item]) => item !== undefined && typeof item !== 'function',
    );
    return `{${entries.map(([key, item]) => `${pythonStringRepr(key)}: ${repr(item, seen)}`).join(', ')}}`;
  } finally {
    seen.delete(value);
  }
}

/** Python prints `inf`, `nan` and `1e+21` where JavaScript prints `Infinity`, `NaN` and `1e+21`. */
function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Python's string repr: single quotes unless the text holds a single quote and no double quote;
 * backslashes, line breaks, tabs and other control characters escaped.
 */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote) out += `\\${quote}`;
    else if (ESCAPES[char] !== undefined) out += ESCAPES[char];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16)}`;
    else out += char;
  }
  return out + quote;
}
