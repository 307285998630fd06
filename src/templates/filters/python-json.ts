/** Python's `json.dumps`, so filters print exactly what StackStorm prints. */
export interface PythonJsonOptions {
  /** null: one line. A number of spaces or a string: one item per line. */
  indent?: number | string | null;
  sortKeys?: boolean;
  /** [item separator, key separator]; Python's default depends on `indent`. */
  separators?: readonly [string, string] | null;
  /** @default true — non-ASCII characters are written as \uXXXX escapes. */
  ensureAscii?: boolean;
}

export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  const indent =
    options.indent === undefined || options.indent === null
      ? null
      : typeof options.indent === 'number'
        ? ' '.repeat(options.indent)
        : options.indent;
  const [itemSeparator, keySeparator] = options.separators ?? (indent === null ? [', ', ': '] : [',', ': ']);
  const settings = { indent, itemSeparator, keySeparator, sortKeys: options.sortKeys ?? false };
  const text = encode(value, settings, 0, new Set());
  return options.ensureAscii === false ? text : escapeNonAscii(text);
}

interface Settings {
  indent: string | null;
  itemSeparator: string;
  keySeparator: string;
  sortKeys: boolean;
}

function encode(value: unknown, settings: Settings, depth: number, seen: Set<object>): string {
  const plain = toPlain(value);
  if (plain === null || plain === undefined) return 'null';
  if (typeof plain === 'number') return encodeNumber(plain);
  if (typeof plain === 'boolean') return plain ? 'true' : 'false';
  if (typeof plain === 'string') return JSON.stringify(plain);
  if (typeof plain !== 'object') return JSON.stringify(String(plain));
  if (seen.has(plain)) throw new TypeError('Circular reference detected');
  seen.add(plain);
  try {
    const entries = Array.isArray(plain)
      ? plain.map((item) => encode(item, settings, depth + 1, seen))
      : objectEntries(plain as Record<string, unknown>, settings).map(
          ([key, item]) =>
            JSON.stringify(key) + settings.keySeparator + encode(item, settings, depth + 1, seen),
        );
    const [open, close] = Array.isArray(plain) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return open + close;
    if (settings.indent === null) return open + entries.join(settings.itemSeparator) + close;
    const inner = '\n' + settings.indent.repeat(depth + 1);
    const outer = '\n' + settings.indent.repeat(depth);
    return open + inner + entries.join(settings.itemSeparator + inner) + outer + close;
  } finally {
    seen.delete(plain);
  }
}

function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (
    typeof value === 'object' &&
    value !== null &&
    'toJSON' in value &&
    typeof value.toJSON === 'function'
  ) {
    return (value.toJSON as () => unknown)();
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

function objectEntries(value: Record<string, unknown>, settings: Settings): [string, unknown][] {
  const entries = Object.entries(value).filter(
    ([, item]) => item !== undefined && typeof item !== 'function',
  );
  return settings.sortKeys ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries;
}

function encodeNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return JSON.stringify(value);
}

function escapeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'));
}
