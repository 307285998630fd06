import type { RegexDialect } from '../../parsing/python-regex.js';

/**
 * A Python pattern RE2 cannot express as JavaScript would run it (a back-reference, an escape RE2
 * reads differently): the caller runs it with JavaScript under a time budget instead.
 */
export class Re2Unsupported extends Error {
  override name = 'Re2Unsupported';
}

// JavaScript's `\s` and `.` (what the pattern means today), spelled for RE2, whose own are ASCII.
const SPACES = String.raw`\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;
const NOT_NEWLINE = String.raw`[^\n\r\x{2028}\x{2029}]`;
const SAME_ESCAPES = new Set(['d', 'D', 'w', 'W', 'n', 't', 'r', 'f', 'v']);

export interface Re2Dialect extends RegexDialect {
  /** Set once the pattern holds a `$` outside multiline mode (Python: end, or before a final `\n`). */
  readonly usesFinalDollar: boolean;
}

/** A fresh RE2 spelling for one translation (it records whether `$` was used). */
export function re2Dialect(): Re2Dialect {
  let usesFinalDollar = false;
  return {
    get usesFinalDollar() {
      return usesFinalDollar;
    },
    stringStart: String.raw`\A`,
    stringEnd: String.raw`\z`,
    dollar(multiline) {
      if (multiline) return '$';
      // Exact only on text without a final newline; the bounded regex routes the rest elsewhere.
      usesFinalDollar = true;
      return String.raw`\z`;
    },
    namedGroup: '(?P<',
    backReference() {
      throw new Re2Unsupported('a back-reference');
    },
    escape: re2Escape,
    bracketInClass: String.raw`\[`,
    dot: (dotAll) => (dotAll ? '.' : NOT_NEWLINE),
  };
}

function re2Escape(next: string, inClass: boolean, rest: string): { text: string; skip: number } {
  if (SAME_ESCAPES.has(next)) return { text: `\\${next}`, skip: 0 };
  if (next === 'b' || next === 'B') {
    if (inClass) throw new Re2Unsupported('\\b in a class');
    return { text: `\\${next}`, skip: 0 };
  }
  if (next === 's') return { text: inClass ? SPACES : `[${SPACES}]`, skip: 0 };
  if (next === 'S') {
    if (inClass) throw new Re2Unsupported('\\S in a class');
    return { text: `[^${SPACES}]`, skip: 0 };
  }
  const hex =
    next === 'x' ? /^[0-9a-fA-F]{2}/.exec(rest) : next === 'u' ? /^[0-9a-fA-F]{4}/.exec(rest) : null;
  if (hex) return { text: `\\x{${hex[0]}}`, skip: hex[0].length };
  if (/^[!-/:-@[-`{-~]$/.test(next)) return { text: `\\${next}`, skip: 0 };
  throw new Re2Unsupported(`the escape \\${next}`);
}
