import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { splitTrailingPairs } from '../../src/chatops/split-trailing-pairs.js';

// st2's own expressions (action_alias_utils.py), usable as an oracle on short commands only: they
// backtrack exponentially on long ones.
const PAIR = String.raw`(?:^|\s+)\s*(\S+?)\s*=(""|''|"(.+?)"|'(.+?)'|(\{.+?\})|(\S+))`;
const ENDING = new RegExp(String.raw`^.*?((?:${PAIR}\s*)*)$`, 's');

function st2Split(command: string): { stream: string; pairs: Record<string, string> } {
  const tail = ENDING.exec(command)?.[1] ?? '';
  if (tail === '') return { stream: command, pairs: {} };
  const pairs: Record<string, string> = {};
  for (const m of tail.matchAll(new RegExp(PAIR, 'gs'))) {
    pairs[m[1]!] = (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? '') + (m[6] ?? '');
  }
  return { stream: command.slice(0, command.length - tail.length), pairs };
}

describe('trailing key=value pairs', () => {
  it('finds the same tail and pairs as st2 on any short command', () => {
    const char = fc.constantFrom('a', 'b', '=', '"', "'", '{', '}', ' ', ' ', '\n');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 14 }), (chars) => {
        const command = chars.join('');
        expect(splitTrailingPairs(command)).toEqual(st2Split(command));
      }),
      { numRuns: 4000 },
    );
  });

  it('finds the same tail and pairs as st2 on commands built from pair-like pieces', () => {
    const piece = fc.constantFrom(
      'a=b',
      ' ',
      '  ',
      'k="v w"',
      "k='v'",
      'j={"x": 1}',
      '"',
      '=',
      'run',
      'x =y',
      '""',
      "''",
      '}',
      '\t',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 7 }), (pieces) => {
        const command = pieces.join('');
        expect(splitTrailingPairs(command)).toEqual(st2Split(command));
      }),
      { numRuns: 4000 },
    );
  });

  it('stays fast on commands that make the st2 regex backtrack for ever', () => {
    const nasty = [
      'k="v" '.repeat(700) + 'tail',
      "k='v ".repeat(800) + 'x',
      'a={b '.repeat(800) + 'x',
      'a=b'.repeat(1300) + ' x',
    ];
    const started = performance.now();
    for (const command of nasty) splitTrailingPairs(command);
    expect(performance.now() - started).toBeLessThan(500);
    expect(splitTrailingPairs('k="v" '.repeat(700) + 'tail').pairs).toEqual({});
    expect(Object.keys(splitTrailingPairs('x ' + 'k="v" '.repeat(700)).pairs)).toEqual(['k']);
  });
});
