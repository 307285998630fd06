import { didYouMean } from '../common/did-you-mean.js';

/**
 * ` (did you mean "x"?)`, or `otherwise`. Names in action metadata (fields, parameters, runner
 * types) are long and wordy, so a typo may be 2 edits or a third of the name, whichever is more.
 */
export function suggestName(word: string, candidates: Iterable<string>, otherwise: string): string {
  return didYouMean(word, candidates, { maxDistance: Math.max(2, Math.floor(word.length / 3)), otherwise });
}
