import type { CompiledAliasFormat } from '../snapshot/model/alias-definition.js';
import { translatePythonRegex, type TranslatedPythonRegex } from '../parsing/python-regex.js';
import { ValidationError, errorMessage } from '../common/errors.js';
import { compileBoundedRegex, type BoundedRegex } from '../security/bounded-regex/bounded-regex.js';

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
  let regex: BoundedRegex;
  let translated: TranslatedPythonRegex;
  try {
    // st2 adds its own `^\s*` … `\s*$` only where the author did not anchor the format.
    translated = translatePythonRegex(source, 's');
    const body =
      (translated.anchoredStart ? '' : String.raw`^\s*`) +
      translated.source +
      (translated.anchoredEnd ? '' : String.raw`\s*$`);
    // Its lookarounds keep it out of RE2: every match runs in the sandbox under the regex budget.
    regex = compileBoundedRegex({ pattern: format, source: body, flags: translated.flags });
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
