import {
  RegexSyntaxError,
  regexErrorText,
  STRING_START,
  translatePythonRegex,
} from '../../parsing/python-regex.js';

/** Compiles a rule's Python `re` pattern (see src/content/python-regex.ts for what is translated). */
export interface PythonRegexOptions {
  ignoreCase?: boolean;
  dotAll?: boolean;
  /** `re.match`: the match must start at the beginning of the string. */
  anchorStart?: boolean;
}

export function compilePythonRegex(pattern: string, options: PythonRegexOptions = {}): RegExp {
  try {
    const translated = translatePythonRegex(
      pattern,
      (options.ignoreCase ? 'i' : '') + (options.dotAll ? 's' : ''),
    );
    const body = options.anchorStart ? `${STRING_START}(?:${translated.source})` : translated.source;
    return new RegExp(body, translated.flags);
  } catch (error) {
    throw new RegexSyntaxError(
      `invalid regular expression ${JSON.stringify(pattern)}: ${regexErrorText(error)}`,
    );
  }
}
