import type { CompiledAliasFormat } from '../snapshot/model/alias-definition.js';
import { setOwn, splitTrailingPairs } from './split-trailing-pairs.js';

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
  for (const [name, value] of Object.entries(match.named)) {
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
