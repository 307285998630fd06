import { ValidationError } from '../../errors.js';

/**
 * Python `re` patterns in JavaScript: `(?P<name>…)`, `(?P=name)`, `\A`, `\Z`, `(?#…)`, leading
 * inline flags `(?aimsux)`, and Python's `$` (end, or before a final newline).
 */
export interface PythonRegexOptions {
  ignoreCase?: boolean;
  /** Extra JavaScript flags, e.g. `g` or `y`. */
  flags?: string;
}

export function compilePythonRegex(pattern: string, options: PythonRegexOptions = {}): RegExp {
  let flags = options.flags ?? '';
  let source = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    const letters = inline[1] ?? '';
    if (letters.includes('x') || letters.includes('L')) {
      throw new ValidationError(
        `regex "${pattern}": the (?x) and (?L) flags are not supported; write the pattern without them`,
        {
          code: 'E_REGEX',
        },
      );
    }
    for (const letter of letters) if ('ims'.includes(letter) && !flags.includes(letter)) flags += letter;
    source = source.slice(inline[0].length);
  }
  if (options.ignoreCase && !flags.includes('i')) flags += 'i';
  try {
    return new RegExp(translate(source, flags.includes('m')), flags);
  } catch (error) {
    throw new ValidationError(`regex "${pattern}": ${(error as Error).message}`, {
      code: 'E_REGEX',
      cause: error,
    });
  }
}

function translate(source: string, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i] ?? '';
    const rest = source.slice(i);
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'Z') out += '$(?![\\s\\S])';
      else out += c + next;
      i += 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += '\\' + source[++i];
    } else if (rest.startsWith('(?P<')) {
      out += '(?<';
      i += 3;
    } else if (rest.startsWith('(?P=')) {
      const end = source.indexOf(')', i);
      out += `\\k<${source.slice(i + 4, end)}>`;
      i = end;
    } else if (rest.startsWith('(?#')) {
      i = source.indexOf(')', i);
    } else if (c === '$' && !multiline) {
      out += '(?=\\n?$)';
    } else {
      out += c;
    }
  }
  return out;
}

/** Expands a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`) for one match. */
export function expandPythonReplacement(
  template: string,
  match: RegExpExecArray | string[],
  groups?: Record<string, string | undefined>,
): string {
  return template.replace(
    /\\(g<([^>]+)>|\d{1,2}|[ntr\\]|.)/g,
    (whole, spec: string, name: string | undefined) => {
      if (name !== undefined) {
        const group = /^\d+$/.test(name) ? match[Number(name)] : groups?.[name];
        return group ?? '';
      }
      if (/^\d+$/.test(spec)) return match[Number(spec)] ?? '';
      if (spec === 'n') return '\n';
      if (spec === 't') return '\t';
      if (spec === 'r') return '\r';
      if (spec === '\\') return '\\';
      return whole;
    },
  );
}
