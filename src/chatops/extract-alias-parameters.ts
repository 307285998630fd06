import type { CompiledAliasFormat } from './compile-alias-format.js';

const VALUE = String.raw`""|''|"(.+?)"|'(.+?)'|(\{.+?\})|(\S+)`;
const PAIR = String.raw`(?:^|\s+)\s*(\S+?)\s*=(${VALUE})`;
const PAIR_UNCAPTURED = String.raw`(?:^|\s+)\s*\S+?\s*=(?:""|''|".+?"|'.+?'|\{.+?\}|\S+)`;
const ENDING = new RegExp(String.raw`^.*?((?:${PAIR_UNCAPTURED}\s*)*)$`, 's');

export interface TrailingPairs {
  /** The command without the trailing pairs. */
  stream: string;
  /** `key=value` pairs found at the very end, quotes removed (a `{…}` value is kept as text). */
  pairs: Record<string, string>;
}

/**
 * Removes the `key=value` pairs at the very end of a command (values bare, quoted, or `{…}`), as
 * st2 does before matching the format. Only the tail is cut: st2 removes every occurrence of the
 * tail's text, which mangles commands that repeat it earlier.
 */
export function splitTrailingPairs(command: string): TrailingPairs {
  const tail = ENDING.exec(command)?.[1] ?? '';
  if (tail === '') return { stream: command, pairs: {} };
  const pairs: Record<string, string> = {};
  for (const m of tail.matchAll(new RegExp(PAIR, 'gs'))) {
    setOwn(pairs, m[1]!, (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? '') + (m[6] ?? ''));
  }
  return { stream: command.slice(0, command.length - tail.length), pairs };
}

/**
 * The parameters a command gives for one alias format, or undefined when it does not match.
 * Values are strings: casting to the action's parameter types comes later.
 */
export function extractAliasParameters(
  format: CompiledAliasFormat,
  command: string,
): Record<string, string> | undefined {
  const { stream, pairs } = splitTrailingPairs(command);
  // st2 pads the command with a space on each side; a format the author anchored would then
  // never match, so the padding is left out on an anchored side.
  const padded = `${format.anchoredStart ? '' : ' '}${stream}${format.anchoredEnd ? '' : ' '}`;
  const match = format.regex.exec(padded);
  if (!match) return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) {
    if (value !== undefined) setOwn(result, name, value);
  }
  for (const { name, value } of format.defaults) {
    if (!Object.hasOwn(result, name) || result[name] === '') setOwn(result, name, value);
  }
  for (const [name, value] of Object.entries(pairs)) setOwn(result, name, value);
  const anyValue = Object.values(result).some((value) => value !== '');
  if (format.source !== '' && padded.trim() === '' && !anyValue) return undefined;
  return result;
}

/** Assigns without ever touching the prototype, whatever name the user typed (`__proto__`). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
