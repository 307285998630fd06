import { compileBoundedPythonRegex, type RegexMatch } from '../../security/bounded-regex/bounded-regex.js';

/**
 * st2's regex filters (st2common/expressions/functions/regex.py), with Python `re` semantics. Each
 * is bounded (src/security/bounded-regex): one that overruns its budget fails the render.
 */

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function compile(pattern: unknown, ignorecase: unknown, anchorStart = false) {
  return compileBoundedPythonRegex(String(pattern), { ignoreCase: ignorecase === true, anchorStart });
}

/** `re.match`: the pattern must match at the start of the value. */
export function regexMatch(value: unknown, pattern: unknown, ignorecase: unknown = false): boolean {
  return compile(pattern, ignorecase, true).test(text(value));
}

/** `re.search`: anywhere in the value. */
export function regexSearch(value: unknown, pattern: unknown, ignorecase: unknown = false): boolean {
  return compile(pattern, ignorecase).test(text(value));
}

/** `re.sub`: every match replaced; `\1` and `\g<name>` in the replacement refer to groups. */
export function regexReplace(
  value: unknown,
  pattern: unknown,
  replacement: unknown,
  ignorecase: unknown = false,
): string {
  const input = text(value);
  const template = String(replacement);
  let out = '';
  let last = 0;
  for (const match of compile(pattern, ignorecase).matchAll(input)) {
    out += input.slice(last, match.index) + expandPythonReplacement(template, match);
    last = match.end;
  }
  return out + input.slice(last);
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
  const found = compile(pattern, ignorecase)
    .matchAll(text(value))
    .map(({ groups }) => {
      if (groups.length === 1) return groups[0];
      if (groups.length === 2) return groups[1] ?? '';
      return groups.slice(1).map((group) => group ?? '');
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
function expandPythonReplacement(template: string, { groups, named }: RegexMatch): string {
  return template.replace(
    /\\(g<([^>]+)>|\d{1,2}|[ntr\\]|.)/g,
    (whole, spec: string, name: string | undefined) => {
      if (name !== undefined) {
        const group = /^\d+$/.test(name) ? groups[Number(name)] : named[name];
        return group ?? '';
      }
      if (/^\d+$/.test(spec)) return groups[Number(spec)] ?? '';
      if (spec === 'n') return '\n';
      if (spec === 't') return '\t';
      if (spec === 'r') return '\r';
      if (spec === '\\') return '\\';
      return whole;
    },
  );
}
