import { ValidationError } from '../../common/errors.js';

/**
 * The JSONPath dialect of python's jsonpath_rw that `jsonpath_query` users write: `$` (optional),
 * `.field`, `'quoted field'`, `*`, `..` (descendants), `[n]` (negative counts from the end),
 * `[*]`, `[start:end]` and `['field']`.
 */
type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | undefined; end: number | undefined }
  | { kind: 'descend' };

const TOKEN = /\s*(\$|\.\.|\.|\[|\]|\*|:|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+|[^\s.[\]*:'"$]+)/y;

export function parseJsonPath(query: string): Segment[] {
  const tokens = tokenize(query);
  const segments: Segment[] = [];
  let i = tokens[0] === '$' ? 1 : 0;
  let expectName = i === 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    if (token === '.' || token === '..') {
      if (token === '..') segments.push({ kind: 'descend' });
      expectName = true;
      i += 1;
    } else if (token === '[') {
      i = parseBracket(tokens, i + 1, segments, query);
      expectName = false;
    } else if (expectName) {
      segments.push(token === '*' ? { kind: 'wildcard' } : { kind: 'field', name: unquote(token) });
      expectName = false;
      i += 1;
    } else {
      throw syntaxError(query, `unexpected "${token}"`);
    }
  }
  return segments;
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < query.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(query);
    if (!match) {
      if (query.slice(start).trim() === '') break;
      throw syntaxError(query, `unexpected character at ${start}`);
    }
    tokens.push(match[1] ?? '');
  }
  return tokens;
}

function parseBracket(tokens: string[], start: number, segments: Segment[], query: string): number {
  const close = tokens.indexOf(']', start);
  if (close < 0) throw syntaxError(query, 'missing "]"');
  const inner = tokens.slice(start, close);
  const [first, second, third] = inner;
  if (inner.length === 1 && first === '*') segments.push({ kind: 'wildcard' });
  else if (inner.length === 1 && first !== undefined && /^-?\d+$/.test(first)) {
    segments.push({ kind: 'index', index: Number(first) });
  } else if (inner.length === 1 && first !== undefined && /^['"]/.test(first)) {
    segments.push({ kind: 'field', name: unquote(first) });
  } else if (inner.includes(':') && inner.length <= 3) {
    const colon = inner.indexOf(':');
    const bound = (token: string | undefined): number | undefined =>
      token === undefined ? undefined : Number(token);
    segments.push({
      kind: 'slice',
      start: colon === 0 ? undefined : bound(first),
      end: colon === inner.length - 1 ? undefined : bound(colon === 0 ? second : third),
    });
  } else {
    throw syntaxError(query, `unsupported selector [${inner.join('')}]`);
  }
  return close + 1;
}

function unquote(token: string): string {
  if (!/^['"]/.test(token)) return token;
  return token.slice(1, -1).replace(/\\(.)/g, '$1');
}

function syntaxError(query: string, reason: string): ValidationError {
  return new ValidationError(`jsonpath_query: cannot parse "${query}": ${reason}`, { code: 'E_JSONPATH' });
}

export function evaluateJsonPath(value: unknown, segments: readonly Segment[]): unknown[] {
  let current: unknown[] = [value];
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i];
    if (!segment) break;
    if (segment.kind === 'descend') {
      current = current.flatMap((item) => descendants(item));
      continue;
    }
    current = current.flatMap((item) => select(item, segment));
  }
  return current;
}

function select(value: unknown, segment: Exclude<Segment, { kind: 'descend' }>): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  if (segment.kind === 'wildcard') return Array.isArray(value) ? value : Object.values(value);
  if (segment.kind === 'field') {
    return !Array.isArray(value) && Object.hasOwn(value, segment.name)
      ? [(value as Record<string, unknown>)[segment.name]]
      : [];
  }
  if (!Array.isArray(value)) return [];
  if (segment.kind === 'index') {
    const index = segment.index < 0 ? value.length + segment.index : segment.index;
    return index >= 0 && index < value.length ? [value[index]] : [];
  }
  return value.slice(segment.start, segment.end);
}

function descendants(value: unknown): unknown[] {
  const found: unknown[] = [value];
  if (typeof value === 'object' && value !== null) {
    for (const child of Array.isArray(value) ? value : Object.values(value))
      found.push(...descendants(child));
  }
  return found;
}

/** `jsonpath_query(value, query)`: the list of matches, or null when nothing matches. */
export function jsonpathQuery(value: unknown, query: unknown): unknown[] | null {
  const matches = evaluateJsonPath(value, parseJsonPath(String(query)));
  return matches.length === 0 ? null : matches;
}
