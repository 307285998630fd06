import { compileBoundedRegex, type BoundedRegex } from '../../security/bounded-regex/bounded-regex.js';

/**
 * Python's fnmatch for the `matchwildcard` operator: `*` (also across `/` and newlines), `?`,
 * `[seq]`, `[!seq]`; a `[` without its `]` is literal. Case-sensitive, whole string. The regex it
 * becomes is written for RE2 too (`*a*a*a*b` would backtrack polynomially in JavaScript).
 */
export function compileWildcard(pattern: string): BoundedRegex {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      out += '[\\s\\S]*';
    } else if (char === '?') {
      out += '[\\s\\S]';
    } else if (char === '[') {
      const klass = readClass(pattern, i);
      if (klass) {
        out += klass.source;
        i = klass.end;
      } else {
        out += '\\[';
      }
    } else {
      out += escape(char);
    }
  }
  const source = `^(?:${out})$`;
  return compileBoundedRegex({ pattern, source, re2Source: source });
}

function readClass(pattern: string, start: number): { source: string; end: number } | undefined {
  let j = start + 1;
  if (pattern[j] === '!') j++;
  if (pattern[j] === ']') j++;
  while (j < pattern.length && pattern[j] !== ']') j++;
  if (j >= pattern.length) return undefined;
  let body = pattern.slice(start + 1, j);
  const negate = body.startsWith('!');
  if (negate) body = body.slice(1);
  const escaped = body.replace(/[\\\][^]/g, (char) => `\\${char}`);
  if (escaped === '') return { source: negate ? '[\\s\\S]' : '[^\\s\\S]', end: j };
  return { source: `[${negate ? '^' : ''}${escaped}]`, end: j };
}

function escape(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
