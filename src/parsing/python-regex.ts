import { ValidationError } from '../common/errors.js';

/**
 * Python `re` syntax rewritten for JavaScript, shared by rule criteria, template filters and alias
 * formats: named groups `(?P<n>…)` and back-references `(?P=n)`, `\A`, `\Z`, Python's `$` (which
 * also matches before a final newline), a `]` right after `[` or `[^`, `(?#comments)`, leading
 * inline flags `(?aiLmsux)` and verbose mode `(?x)`.
 */
export class RegexSyntaxError extends ValidationError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'E_REGEX' });
  }
}

/** Where the string starts / ends, whatever the `m` flag says (Python's `\A` and `\Z`). */
export const STRING_START = '(?<![\\s\\S])';
export const STRING_END = '(?![\\s\\S])';

export interface TranslatedPythonRegex {
  /** The JavaScript pattern source. */
  source: string;
  /** The flags given plus `i`, `m`, `s` taken from leading inline flags, each once. */
  flags: string;
  /** Whether the pattern holds `\A` or `^` (outside a class). */
  anchoredStart: boolean;
  /** Whether the pattern holds `\Z` or `$` (outside a class). */
  anchoredEnd: boolean;
}

export interface PythonRegexOptions {
  /** `re.IGNORECASE`. */
  ignoreCase?: boolean;
  /** `re.DOTALL`: `.` matches newlines too. */
  dotAll?: boolean;
  /** `re.match`: the match must start at the beginning of the string. */
  anchorStart?: boolean;
  /** Extra JavaScript flags, e.g. `g` or `y`. */
  flags?: string;
}

/**
 * A Python `re` pattern as a JavaScript RegExp. An invalid pattern throws RegexSyntaxError
 * (`E_REGEX`) naming the pattern and what is wrong with it.
 */
export function compilePythonRegex(pattern: string, options: PythonRegexOptions = {}): RegExp {
  let flags = options.flags ?? '';
  if (options.ignoreCase && !flags.includes('i')) flags += 'i';
  if (options.dotAll && !flags.includes('s')) flags += 's';
  try {
    const translated = translatePythonRegex(pattern, flags);
    const source = options.anchorStart ? `${STRING_START}(?:${translated.source})` : translated.source;
    return new RegExp(source, translated.flags);
  } catch (error) {
    throw new RegexSyntaxError(
      `invalid regular expression ${JSON.stringify(pattern)}: ${regexErrorText(error)}`,
      { cause: error },
    );
  }
}

/**
 * The translation alone, for callers that build their own RegExp around it (alias formats anchor
 * only the sides the author left open). Throws RegexSyntaxError for what Python would refuse
 * before JavaScript sees it.
 * @param flags JavaScript flags the caller starts from, e.g. `s` or `gi`.
 * @param dialect the target engine's spelling; JavaScript unless given (RE2: src/security/bounded-regex).
 */
export function translatePythonRegex(
  pattern: string,
  flags = '',
  dialect: RegexDialect = JAVASCRIPT,
): TranslatedPythonRegex {
  let source = pattern;
  let allFlags = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  const inlineFlags = inline?.[1] ?? '';
  // Python refuses LOCALE for text patterns ("cannot use LOCALE flag with a str pattern").
  if (inlineFlags.includes('L'))
    throw new RegexSyntaxError('the (?L) flag is not supported; write the pattern without it');
  if (inline) source = source.slice(inline[0].length);
  for (const flag of inlineFlags) if ('ims'.includes(flag) && !allFlags.includes(flag)) allFlags += flag;
  if (inlineFlags.includes('x')) source = stripVerbose(source);
  return { ...translate(source, allFlags, dialect), flags: allFlags };
}

/** The detail of a JavaScript RegExp error, without the pattern JavaScript repeats in it. */
export function regexErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}

/** How the parts JavaScript and RE2 spell differently are written for one target engine. */
export interface RegexDialect {
  stringStart: string;
  stringEnd: string;
  dollar(multiline: boolean): string;
  namedGroup: string;
  backReference(name: string): string;
  /** The text for `\\` + `next` (`\\A` and `\\Z` aside); `rest` is what follows `next`. */
  escape(next: string, inClass: boolean, rest: string): { text: string; skip: number };
  /** A `[` inside a class. */
  bracketInClass: string;
  dot(dotAll: boolean): string;
}

const JAVASCRIPT: RegexDialect = {
  stringStart: STRING_START,
  stringEnd: STRING_END,
  dollar: (multiline) => (multiline ? `(?=\\n|${STRING_END})` : `(?=\\n?${STRING_END})`),
  namedGroup: '(?<',
  backReference: (name) => `\\k<${name}>`,
  escape: (next) => ({ text: `\\${next}`, skip: 0 }),
  bracketInClass: '[',
  dot: () => '.',
};

function translate(
  source: string,
  flags: string,
  dialect: RegexDialect,
): Pick<TranslatedPythonRegex, 'source' | 'anchoredStart' | 'anchoredEnd'> {
  let out = '';
  let anchoredStart = false;
  let anchoredEnd = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new RegexSyntaxError('trailing backslash');
      i++;
      if (!inClass && next === 'A') {
        out += dialect.stringStart;
        anchoredStart = true;
      } else if (!inClass && next === 'Z') {
        out += dialect.stringEnd;
        anchoredEnd = true;
      } else {
        const escaped = dialect.escape(next, inClass, source.slice(i + 1));
        out += escaped.text;
        i += escaped.skip;
      }
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char === '[' ? dialect.bracketInClass : char;
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
    if (char === '^') {
      anchoredStart = true;
      out += char;
      continue;
    }
    if (char === '$') {
      anchoredEnd = true;
      out += dialect.dollar(flags.includes('m'));
      continue;
    }
    if (char === '.') {
      out += dialect.dot(flags.includes('s'));
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      out += dialect.namedGroup;
      i += 3;
      continue;
    }
    if (source.startsWith('(?P=', i)) {
      const close = source.indexOf(')', i);
      if (close < 0) throw new RegexSyntaxError('unterminated (?P=name)');
      out += dialect.backReference(source.slice(i + 4, close));
      i = close;
      continue;
    }
    if (source.startsWith('(?#', i)) {
      const close = source.indexOf(')', i);
      if (close < 0) throw new RegexSyntaxError('unterminated comment');
      i = close;
      continue;
    }
    out += char;
  }
  return { source: out, anchoredStart, anchoredEnd };
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
