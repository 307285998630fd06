import { ValidationError, errorMessage } from '../errors.js';

/**
 * An alias format (one `representation`) turned into a regular expression once, when the alias is
 * loaded, with StackStorm's rules (st2common/models/utils/action_alias_utils.py): `{{ name }}` is a
 * lazy capture, `{{ name=default }}` an optional one including its leading whitespace, a value may
 * be quoted ('…' or "…", quotes removed) or a `{…}` JSON object, and the format is anchored.
 */
export interface CompiledAliasFormat {
  /** The representation exactly as written. */
  source: string;
  regex: RegExp;
  /** Optional parameters and the default each takes when absent, in format order. */
  defaults: readonly { name: string; value: string }[];
  /** Whether the format carries its own start / end anchor (then the command is not padded). */
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

const KEY = String.raw`\s*(\S+?)\s*`;
const EXT_VALUE = String.raw`""|''|"(.+?)"|'(.+?)'|(\{.+?\})|(.+?)`;
const OPTIONAL = String.raw`\{\{${KEY}\s*=\s*(?:${EXT_VALUE})\s*\}\}`;
const REQUIRED = String.raw`\{\{${KEY}\}\}`;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The regex a `{{ name }}` becomes: optional quotes around a lazy value, quotes left out. */
function paramMatch(whitespace: string, name: string, format: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new ValidationError(
      `alias format "${format}": parameter name "${name}" is not a valid name (letters, digits, _)`,
      { code: 'E_ALIAS_FORMAT' },
    );
  }
  return `${whitespace}["']?(?<${name}>(?:(?<=').+?(?=')|(?<=").+?(?=")|\\{.+?\\}|.+?))["']?`;
}

export function compileAliasFormat(format: string): CompiledAliasFormat {
  const defaults = [...format.matchAll(new RegExp(OPTIONAL, 'gs'))].map((m) => ({
    name: m[1] ?? '',
    value: (m[2] ?? '') + (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? ''),
  }));
  let source = format.replace(
    new RegExp(String.raw`(\s*)${OPTIONAL}`, 'gs'),
    (_m, ws: string, key: string) => `(?:${paramMatch(ws, key, format)})?`,
  );
  source = source.replace(new RegExp(String.raw`(\s*)${REQUIRED}`, 'gs'), (_m, ws: string, key: string) =>
    paramMatch(ws, key, format),
  );
  const translated = translatePythonRegex(source);
  const body =
    (translated.anchoredStart ? '' : String.raw`^\s*`) +
    translated.source +
    (translated.anchoredEnd ? '' : String.raw`\s*$`);
  let regex: RegExp;
  try {
    regex = new RegExp(body, `s${translated.ignoreCase ? 'i' : ''}`);
  } catch (error) {
    throw new ValidationError(
      `alias format "${format}" is not a valid regular expression: ${errorMessage(error)}`,
      {
        code: 'E_ALIAS_FORMAT',
        cause: error,
      },
    );
  }
  return {
    source: format,
    regex,
    defaults,
    anchoredStart: translated.anchoredStart,
    anchoredEnd: translated.anchoredEnd,
  };
}

interface TranslatedRegex {
  source: string;
  anchoredStart: boolean;
  anchoredEnd: boolean;
  ignoreCase: boolean;
}

/**
 * Formats are Python regexes: rewrites the Python-only syntax (`(?P<n>`, `(?P=n)`, `\A`, `\Z`, a
 * leading `(?i)`) and notes whether the author anchored the format, as st2 does before adding
 * its own `^\s*` … `\s*$`.
 */
function translatePythonRegex(input: string): TranslatedRegex {
  let source = input;
  let ignoreCase = false;
  if (source.startsWith('(?i)')) {
    ignoreCase = true;
    source = source.slice(4);
  }
  let out = '';
  let anchoredStart = false;
  let anchoredEnd = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') {
        out += '^';
        anchoredStart = true;
      } else if (!inClass && next === 'Z') {
        out += '$';
        anchoredEnd = true;
      } else {
        out += char + next;
      }
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
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += '\\' + source[++i];
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backReference = source.startsWith('(?P=', i) ? /^\(\?P=(\w+)\)/.exec(source.slice(i)) : null;
    if (backReference) {
      out += `\\k<${backReference[1]}>`;
      i += backReference[0].length - 1;
      continue;
    }
    if (char === '^') anchoredStart = true;
    if (char === '$') anchoredEnd = true;
    out += char;
  }
  return { source: out, anchoredStart, anchoredEnd, ignoreCase };
}
