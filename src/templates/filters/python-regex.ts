import { RegexSyntaxError, translatePythonRegex } from '../../parsing/python-regex.js';
import { ValidationError } from '../../common/errors.js';

/** Compiles a filter's Python `re` pattern (see src/content/python-regex.ts for what is translated). */
export interface PythonRegexOptions {
  ignoreCase?: boolean;
  /** Extra JavaScript flags, e.g. `g` or `y`. */
  flags?: string;
}

export function compilePythonRegex(pattern: string, options: PythonRegexOptions = {}): RegExp {
  let flags = options.flags ?? '';
  if (options.ignoreCase && !flags.includes('i')) flags += 'i';
  try {
    const translated = translatePythonRegex(pattern, flags);
    if (translated.inlineFlags.includes('L')) {
      throw new RegexSyntaxError('the (?L) flag is not supported; write the pattern without it');
    }
    return new RegExp(translated.source, translated.flags);
  } catch (error) {
    throw new ValidationError(`regex "${pattern}": ${(error as Error).message}`, {
      code: 'E_REGEX',
      cause: error,
    });
  }
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
