import type { YaqlFunction } from './yaql-evaluator.js';
import { noMatchingFunction } from './yaql-errors.js';
import { eager, requireInteger, requireString } from './yaql-library-core.js';
import { yaqlStr } from './yaql-values.js';

const WHITESPACE = ' \t\n\r\f\v';

function trim(text: string, chars: unknown, left = true, right = true): string {
  const set = typeof chars === 'string' ? chars : WHITESPACE;
  let start = 0;
  let end = text.length;
  while (left && start < end && set.includes(text[start] ?? '')) start += 1;
  while (right && end > start && set.includes(text[end - 1] ?? '')) end -= 1;
  return text.slice(start, end);
}

/** Python's `str.split(separator, maxsplit)`. */
function split(text: string, separator: unknown, maxSplits: unknown): string[] {
  const limit = typeof maxSplits === 'number' && maxSplits >= 0 ? maxSplits : Infinity;
  if (separator === null || separator === undefined) {
    const words: string[] = [];
    let rest = trim(text, undefined, true, false);
    while (rest !== '' && words.length < limit) {
      const match = /\s+/.exec(rest);
      if (!match) break;
      words.push(rest.slice(0, match.index));
      rest = trim(rest.slice(match.index), undefined, true, false);
    }
    if (rest !== '')
      words.push(limit === Infinity ? trim(rest, undefined) : trim(rest, undefined, false, true));
    return words;
  }
  const sep = requireString('split', separator);
  const parts = text.split(sep);
  if (limit >= parts.length - 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(sep)];
}

/** `seq.join(sep)` and, as yaql also allows, `sep.join(seq)`. */
function join([first, second]: unknown[]): string {
  const [sequence, separator] =
    typeof first === 'string' && Array.isArray(second) ? [second, first] : [first, second];
  if (!Array.isArray(sequence)) throw noMatchingFunction('join');
  return sequence.map(yaqlStr).join(requireString('join', separator));
}

function substring(text: string, start: number, length: number): string {
  const from = start < 0 ? Math.max(0, text.length + start) : start;
  return length < 0 ? text.slice(from) : text.slice(from, from + length);
}

/** String methods of yaql's standard library. */
export const STRING_FUNCTIONS: Record<string, YaqlFunction> = {
  toLower: eager('toLower', 1, 1, ([s]) => requireString('toLower', s).toLowerCase()),
  toUpper: eager('toUpper', 1, 1, ([s]) => requireString('toUpper', s).toUpperCase()),
  trim: eager('trim', 1, 2, ([s, chars]) => trim(requireString('trim', s), chars), ['chars']),
  trimLeft: eager('trimLeft', 1, 2, ([s, chars]) => trim(requireString('trimLeft', s), chars, true, false)),
  trimRight: eager('trimRight', 1, 2, ([s, chars]) =>
    trim(requireString('trimRight', s), chars, false, true),
  ),
  split: eager(
    'split',
    1,
    3,
    ([s, separator, max], named) =>
      split(requireString('split', s), separator ?? named['separator'], max ?? named['maxSplits']),
    ['separator', 'maxSplits'],
  ),
  join: eager('join', 2, 2, join),
  replace: eager('replace', 3, 4, ([s, from, to, count]) => {
    const text = requireString('replace', s);
    const old = requireString('replace', from);
    const replacement = requireString('replace', to);
    const limit = count === undefined || (count as number) < 0 ? Infinity : requireInteger('replace', count);
    let out = '';
    let rest = text;
    for (let done = 0; done < limit; done += 1) {
      const at = old === '' ? (done === 0 ? 0 : -1) : rest.indexOf(old);
      if (at < 0) break;
      out += rest.slice(0, at) + replacement;
      rest = rest.slice(at + old.length);
    }
    return out + rest;
  }),
  startsWith: eager('startsWith', 2, Infinity, ([s, ...prefixes]) =>
    prefixes.some((prefix) => requireString('startsWith', s).startsWith(requireString('startsWith', prefix))),
  ),
  endsWith: eager('endsWith', 2, Infinity, ([s, ...suffixes]) =>
    suffixes.some((suffix) => requireString('endsWith', s).endsWith(requireString('endsWith', suffix))),
  ),
  substring: eager('substring', 2, 3, ([s, start, length]) =>
    substring(
      requireString('substring', s),
      requireInteger('substring', start),
      length === undefined ? -1 : requireInteger('substring', length),
    ),
  ),
  isEmpty: eager(
    'isEmpty',
    1,
    1,
    ([s], named) => {
      if (s === null || s === undefined) return true;
      const text = requireString('isEmpty', s);
      return (named['trimSpaces'] === false ? text : trim(text, named['chars'])) === '';
    },
    ['trimSpaces', 'chars'],
  ),
  concat: eager('concat', 0, Infinity, (args) => args.map((arg) => requireString('concat', arg)).join('')),
};
