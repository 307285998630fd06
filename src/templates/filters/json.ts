import yaml from 'js-yaml';

import { findYamlBoundProblem, YAML_LIMITS } from '../../parsing/yaml-bounds.js';
import { pythonJsonDumps } from './python-json.js';

/** st2's data filters (st2common/expressions/functions/data.py) and Jinja's `tojson`. */

function toSeparators(value: unknown): readonly [string, string] | null {
  if (Array.isArray(value) && value.length === 2) return [String(value[0]), String(value[1])];
  return null;
}

/** `to_json_string(value, indent=None, sort_keys=False, separators=(',', ': '))` */
export function toJsonString(
  value: unknown,
  indent: unknown = null,
  sortKeys: unknown = false,
  separators?: unknown,
): string {
  return pythonJsonDumps(value, {
    indent: typeof indent === 'number' || typeof indent === 'string' ? indent : null,
    sortKeys: sortKeys === true,
    separators: separators === undefined ? [',', ': '] : toSeparators(separators),
  });
}

/** `to_yaml_string(value, indent=None, allow_unicode=True)`: block style, keys sorted as PyYAML does. */
export function toYamlString(value: unknown, indent: unknown = null): string {
  const text = yaml.dump(value, {
    indent: typeof indent === 'number' && indent > 0 ? indent : 2,
    sortKeys: true,
    noRefs: true,
    skipInvalid: true,
    // PyYAML does not indent a list inside a mapping.
    noArrayIndent: true,
  });
  return withoutSingleLetterQuotes(text);
}

/**
 * js-yaml quotes the YAML 1.1 booleans y, Y, n and N; PyYAML (what StackStorm dumps with) quotes
 * yes/no/on/off like js-yaml but writes single letters plainly (`y: 4`).
 */
function withoutSingleLetterQuotes(text: string): string {
  return text
    .replace(/^(\s*(?:- )*)'([yYnN])':/gm, '$1$2:')
    .replace(/^(\s*(?:- )*(?:[^\n:]+: )?)'([yYnN])'$/gm, '$1$2');
}

export function fromJsonString(value: unknown): unknown {
  return JSON.parse(String(value));
}

export function fromYamlString(value: unknown): unknown {
  const text = String(value);
  if (text.length > YAML_LIMITS.maxBytes) {
    throw new Error(
      `from_yaml_string: ${text.length} bytes is over the ${YAML_LIMITS.maxBytes}-byte YAML limit`,
    );
  }
  const data = yaml.load(text);
  const bound = findYamlBoundProblem(data);
  if (bound) throw new Error(`from_yaml_string: YAML refused: ${bound.reason}`);
  return data;
}

/**
 * JSON escapes for pasting a value inside a JSON string. StackStorm strips every quote at both
 * ends (`strip('"')`), which breaks a value ending in `"`; only the enclosing pair is removed here.
 */
export function jsonEscape(value: unknown): string {
  const text = pythonJsonDumps(value);
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** `to_complex`: JSON with Python's default separators. */
export function toComplex(value: unknown): string {
  return pythonJsonDumps(value);
}

/** Jinja's `tojson`: sorted keys, and <, >, & and ' escaped so the text is safe inside HTML. */
export function tojson(value: unknown, indent: unknown = null): string {
  return pythonJsonDumps(value, {
    indent: typeof indent === 'number' ? indent : null,
    sortKeys: true,
  })
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027');
}
