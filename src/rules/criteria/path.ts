/**
 * Criteria keys and condition paths: `trigger.body.x`, `trigger.items[0]`,
 * `trigger.headers['X-Github-Event']`, `$.body["a b"]`, `trigger.list[*].name`. Parsed once when
 * the rule loads; a syntax error is a load error.
 */
export type PathSegment =
  { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export class PathSyntaxError extends Error {
  override name = 'PathSyntaxError';
}

const NAME = /^[^.[\]'"\s*$]+/;

/** Parses a path. A leading `$` (JSONPath root) is allowed and dropped. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path.trim();
  if (rest === '') throw new PathSyntaxError('the path is empty');
  if (rest.startsWith('$')) {
    rest = rest.slice(1);
  } else {
    rest = readName(rest, segments, path);
  }
  while (rest !== '') {
    if (rest.startsWith('..')) {
      throw new PathSyntaxError(`recursive descent ".." is not supported in "${path}"`);
    } else if (rest.startsWith('.')) {
      rest = readName(rest.slice(1), segments, path);
    } else if (rest.startsWith('[')) {
      rest = readBracket(rest, segments, path);
    } else {
      throw new PathSyntaxError(`unexpected "${rest[0] ?? ''}" in "${path}"`);
    }
  }
  return segments;
}

function readName(text: string, segments: PathSegment[], path: string): string {
  if (text.startsWith('*')) {
    segments.push({ kind: 'wildcard' });
    return text.slice(1);
  }
  if (text.startsWith("'") || text.startsWith('"')) return readQuoted(text, segments, path);
  const match = NAME.exec(text);
  if (!match) throw new PathSyntaxError(`expected a field name at "${text}" in "${path}"`);
  segments.push({ kind: 'key', name: match[0] });
  return text.slice(match[0].length);
}

function readQuoted(text: string, segments: PathSegment[], path: string): string {
  const quote = text[0]!;
  let name = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      name += text[++i];
    } else if (char === quote) {
      segments.push({ kind: 'key', name });
      return text.slice(i + 1);
    } else {
      name += char;
    }
  }
  throw new PathSyntaxError(`unterminated quote in "${path}"`);
}

function readBracket(text: string, segments: PathSegment[], path: string): string {
  const inner = text.slice(1).trimStart();
  if (inner.startsWith("'") || inner.startsWith('"')) {
    const rest = readQuoted(inner, segments, path).trimStart();
    if (!rest.startsWith(']')) throw new PathSyntaxError(`missing "]" in "${path}"`);
    return rest.slice(1);
  }
  const close = inner.indexOf(']');
  if (close < 0) throw new PathSyntaxError(`missing "]" in "${path}"`);
  const body = inner.slice(0, close).trim();
  if (body === '*') {
    segments.push({ kind: 'wildcard' });
  } else if (/^\d+$/.test(body)) {
    segments.push({ kind: 'index', index: Number(body) });
  } else {
    throw new PathSyntaxError(
      `"[${body}]" in "${path}" is not a list index: use [0], [*] or a quoted key like ['${body}']`,
    );
  }
  return inner.slice(close + 1);
}

/** Renders segments back in st2's notation, for messages. */
export function formatPath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (segment.kind === 'index') text += `[${segment.index}]`;
    else if (segment.kind === 'wildcard') text += '[*]';
    else if (/^[\w@-]+$/.test(segment.name)) text += text === '' ? segment.name : `.${segment.name}`;
    else text += `['${segment.name.replace(/'/g, "\\'")}']`;
  }
  return text;
}
