import { compilePythonRegex } from '../../parsing/python-regex.js';

/** st2's regex filters (st2common/expressions/functions/regex.py), with Python `re` semantics. */

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** `re.match`: the pattern must match at the start of the value. */
export function regexMatch(value: unknown, pattern: unknown, ignorecase: unknown = false): boolean {
  const regex = compilePythonRegex(String(pattern), { ignoreCase: ignorecase === true, flags: 'y' });
  return regex.test(text(value));
}

/** `re.search`: anywhere in the value. */
export function regexSearch(value: unknown, pattern: unknown, ignorecase: unknown = false): boolean {
  return compilePythonRegex(String(pattern), { ignoreCase: ignorecase === true }).test(text(value));
}

/** `re.sub`: every match replaced; `\1` and `\g<name>` in the replacement refer to groups. */
export function regexReplace(
  value: unknown,
  pattern: unknown,
  replacement: unknown,
  ignorecase: unknown = false,
): string {
  const regex = compilePythonRegex(String(pattern), { ignoreCase: ignorecase === true, flags: 'g' });
  const template = String(replacement);
  return text(value).replace(regex, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const groups =
      typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
    const end = groups ? args.length - 3 : args.length - 2;
    const match = args.slice(0, end).map((part) => (part === undefined ? '' : String(part)));
    return expandPythonReplacement(template, match, groups);
  });
}

/**
 * `re.findall(pattern, value)[result_index]`: the whole match when the pattern has no group, the
 * group when it has one, the list of groups when it has several. An index past the end is an error.
 */
export function regexSubstring(
  value: unknown,
  pattern: unknown,
  resultIndex: unknown = 0,
  ignorecase: unknown = false,
): unknown {
  const regex = compilePythonRegex(String(pattern), { ignoreCase: ignorecase === true, flags: 'g' });
  const found = [...text(value).matchAll(regex)].map((match) => {
    if (match.length === 1) return match[0];
    if (match.length === 2) return match[1] ?? '';
    return match.slice(1).map((group) => group ?? '');
  });
  const index = Number(resultIndex);
  const item = found[index < 0 ? found.length + index : index];
  if (item === undefined) {
    throw new RangeError(
      `regex_substring: no match number ${index} for "${String(pattern)}" (found ${found.length})`,
    );
  }
  return item;
}

/** Expands a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`) for one match. */
function expandPythonReplacement(
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
