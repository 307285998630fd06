/**
 * Translates a Python `re` pattern into a JavaScript RegExp with the same meaning for what rules
 * use: named groups `(?P<n>…)` and back-references `(?P=n)`, `\A`, `\Z`, Python's `$` (which also
 * matches before a final newline), leading inline flags `(?imsx)` and `(?#comments)`.
 */
export class RegexSyntaxError extends Error {
  override name = 'RegexSyntaxError';
}

export interface PythonRegexOptions {
  ignoreCase?: boolean;
  dotAll?: boolean;
  /** `re.match`: the match must start at the beginning of the string. */
  anchorStart?: boolean;
}

const START = '(?<![\\s\\S])';
const END = '(?![\\s\\S])';

export function compilePythonRegex(pattern: string, options: PythonRegexOptions = {}): RegExp {
  const flags = new Set<string>();
  if (options.ignoreCase) flags.add('i');
  if (options.dotAll) flags.add('s');
  let source = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]!) flags.add(flag);
  }
  if (flags.has('x')) source = stripVerbose(source);
  let body = translate(source, flags.has('m'));
  if (options.anchorStart) body = `${START}(?:${body})`;
  const jsFlags = [...flags].filter((flag) => flag === 'i' || flag === 'm' || flag === 's').join('');
  try {
    return new RegExp(body, jsFlags);
  } catch (error) {
    throw new RegexSyntaxError(`invalid regular expression ${JSON.stringify(pattern)}: ${errorText(error)}`);
  }
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}

function translate(source: string, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new RegexSyntaxError(`invalid regular expression: trailing backslash`);
      i++;
      if (!inClass && next === 'A') out += START;
      else if (!inClass && next === 'Z') out += END;
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      // Python takes a `]` right after `[` or `[^` literally; JavaScript would close the class.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (char === '$') {
      out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (source.startsWith('(?P=', i)) {
      const close = source.indexOf(')', i);
      if (close < 0) throw new RegexSyntaxError('invalid regular expression: unterminated (?P=name)');
      out += `\\k<${source.slice(i + 4, close)}>`;
      i = close;
      continue;
    }
    if (source.startsWith('(?#', i)) {
      const close = source.indexOf(')', i);
      if (close < 0) throw new RegexSyntaxError('invalid regular expression: unterminated comment');
      i = close;
      continue;
    }
    out += char;
  }
  return out;
}

/** Verbose mode: unescaped whitespace and `#` comments outside classes are not part of the pattern. */
function stripVerbose(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      out += char + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
    } else if (char === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (!/\s/.test(char)) {
      out += char;
    }
  }
  return out;
}
