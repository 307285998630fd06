const PAIR = String.raw`(?:^|\s+)\s*(\S+?)\s*=(""|''|"(.+?)"|'(.+?)'|(\{.+?\})|(\S+))`;

export interface TrailingPairs {
  /** The command without the trailing pairs. */
  stream: string;
  /** `key=value` pairs found at the very end, quotes removed (a `{…}` value is kept as text). */
  pairs: Record<string, string>;
}

/**
 * Removes the `key=value` pairs at the very end of a command (values bare, quoted, or `{…}`), as
 * st2 does before matching the format: its regex `.*?((PAIR\s*)*)$` picks the longest tail made of
 * pairs, then `findall(PAIR)` reads them. That regex backtracks exponentially on commands such as
 * `k="v" k="v" … x`, so the tail is found here by a linear scan with the same answer; only the
 * tail is cut (st2 removes every occurrence of the tail's text, mangling commands that repeat it).
 */
export function splitTrailingPairs(command: string): TrailingPairs {
  const start = tailStart(command);
  const tail = command.slice(start);
  if (tail === '') return { stream: command, pairs: {} };
  const pairs: Record<string, string> = {};
  for (const m of tail.matchAll(new RegExp(PAIR, 'gs'))) {
    setOwn(pairs, m[1]!, (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? '') + (m[6] ?? ''));
  }
  return { stream: command.slice(0, start), pairs };
}

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);

/**
 * Where the longest suffix made only of pairs begins (the command's length when there is none).
 * Computed right to left: `rest[i]` says the text from i is whitespace, or whitespace followed by
 * pairs, up to the end; `quoted[c][i]` that some `c` at or after i closes a value with a good rest.
 */
function tailStart(text: string): number {
  const n = text.length;
  const rest = new Array<boolean>(n + 2).fill(false);
  const pairAt = new Array<boolean>(n + 1).fill(false);
  const closes: Record<string, boolean[]> = {
    '"': new Array<boolean>(n + 3).fill(false),
    "'": new Array<boolean>(n + 3).fill(false),
    '}': new Array<boolean>(n + 3).fill(false),
  };
  const runEnd = new Array<number>(n + 1).fill(n);
  const nextToken = new Array<number>(n + 1).fill(n);
  // After a pair ends at e: the end of the text, or whitespace then the end or more pairs.
  const restAfter = (e: number) => e === n || (isSpace(text[e]) && rest[e] === true);
  rest[n] = true;
  for (let i = n - 1; i >= 0; i--) {
    const space = isSpace(text[i]);
    runEnd[i] = space ? i : (runEnd[i + 1] ?? n);
    nextToken[i] = space ? (nextToken[i + 1] ?? n) : i;
    const tokenStart = !space && (i === 0 || isSpace(text[i - 1]));
    if (tokenStart) pairAt[i] = pairStartsAt(text, i, runEnd, nextToken, restAfter, closes);
    if (space) {
      const token = nextToken[i]!;
      rest[i] = token === n || pairAt[token] === true;
    }
    for (const [char, table] of Object.entries(closes))
      table[i] = table[i + 1]! || (text[i] === char && restAfter(i + 1));
  }
  // The tail starts with a pair: `^` then the key, or whitespace then the key.
  const first = nextToken[0] ?? n;
  if (first < n && pairAt[first]) return 0;
  for (let p = 1; p < n; p++) {
    const token = nextToken[p]!;
    if (isSpace(text[p]) && token < n && pairAt[token]) return p;
  }
  return n;
}

/** Whether `key=value` (with the rest of the text fine after it) starts at token position k. */
function pairStartsAt(
  text: string,
  k: number,
  runEnd: number[],
  nextToken: number[],
  restAfter: (e: number) => boolean,
  closes: Record<string, boolean[]>,
): boolean {
  const end = runEnd[k]!;
  const valueStarts: number[] = [];
  for (let e = k + 1; e < end; e++) if (text[e] === '=') valueStarts.push(e + 1);
  // `key =value`: the key is the whole token and `=` opens the next one.
  const after = nextToken[end] ?? text.length;
  if (end < text.length && text[after] === '=') valueStarts.push(after + 1);
  return valueStarts.some((v) => valueFits(text, v, runEnd, restAfter, closes));
}

function valueFits(
  text: string,
  v: number,
  runEnd: number[],
  restAfter: (e: number) => boolean,
  closes: Record<string, boolean[]>,
): boolean {
  const char = text[v];
  if (char === undefined) return false;
  if ((char === '"' || char === "'") && text[v + 1] === char && restAfter(v + 2)) return true;
  if (char === '"' || char === "'") {
    if (closes[char]![v + 2] === true) return true;
  } else if (char === '{' && closes['}']![v + 2] === true) return true;
  return !isSpace(char) && restAfter(runEnd[v]!);
}

/** Assigns without ever touching the prototype, whatever name the user typed (`__proto__`). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
