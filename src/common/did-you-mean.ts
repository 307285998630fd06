export interface ClosestMatchOptions {
  /**
   * The most edits a typo may have.
   * @default a third of the word's length, at least 1 and at most 3
   */
  maxDistance?: number;
}

export interface DidYouMeanOptions extends ClosestMatchOptions {
  /** What to say when no candidate is close enough (e.g. the list of known names). @default '' */
  otherwise?: string;
}

/** The closest candidate to a misspelt word (case ignored), when it is close enough to be a likely typo. */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  options: ClosestMatchOptions = {},
): string | undefined {
  const target = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = options.maxDistance ?? Math.max(1, Math.min(3, Math.floor(target.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or `otherwise` when no candidate is close enough. */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  options: DidYouMeanOptions = {},
): string {
  const match = closestMatch(word, candidates, options);
  return match === undefined ? (options.otherwise ?? '') : ` (did you mean "${match}"?)`;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let older: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, older[j - 2]! + 1);
      current[j] = best;
    }
    older = previous;
    previous = current;
  }
  return previous[b.length]!;
}
