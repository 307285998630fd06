import { YaqlSyntaxError } from './yaql-errors.js';

export type TokenType =
  | 'number'
  | 'string'
  | 'keyword'
  | 'function'
  | 'dollar'
  | 'operator'
  | 'punctuation'
  | 'constant'
  /** A character no token starts with; the parser reports it when it gets there. */
  | 'invalid'
  | 'end';

export interface Token {
  type: TokenType;
  /** Text of operators, punctuation, names; the decoded value of strings and numbers. */
  value: string | number | boolean | null;
  /** 0-based offset in the expression. */
  position: number;
}

/** Word operators; `=>` pairs a keyword argument (or a switch case) with its value. */
const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in', 'mod']);
const CONSTANTS: Record<string, boolean | null> = { true: true, false: false, null: null };
/** Longest first, so `<=` is not read as `<` then `=`. */
const SYMBOLS = ['=>', '!=', '<=', '>=', '=~', '!~', '?.', '->', '=', '<', '>', '+', '-', '*', '/', '.'];
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',']);

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** Splits a YAQL expression (without its `<% %>`) into tokens, as yaql's lexer does. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    const rest = source.slice(i);
    const number = /^\d+(?:\.\d+)?(?![\w.])/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), position: start });
      i += number[0].length;
      continue;
    }
    if (char === '$') {
      const name = /^\$\w*/.exec(rest)?.[0] ?? '$';
      tokens.push({ type: 'dollar', value: name.slice(1), position: start });
      i += name.length;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      const { value, end } = readString(source, i, char);
      tokens.push({ type: 'string', value, position: start });
      i = end;
      continue;
    }
    const word = /^[^\W\d]\w*/u.exec(rest)?.[0];
    if (word) {
      i += word.length;
      tokens.push(wordToken(word, source[i] === '(', start));
      if (source[i] === '(') i += 1;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate));
    if (symbol) {
      tokens.push({ type: 'operator', value: symbol, position: start });
      i += symbol.length;
      continue;
    }
    if (PUNCTUATION.has(char)) {
      tokens.push({ type: 'punctuation', value: char, position: start });
      i += 1;
      continue;
    }
    tokens.push({ type: 'invalid', value: char, position: start });
    i += 1;
  }
  tokens.push({ type: 'end', value: null, position: source.length });
  return tokens;
}

/** A name followed by `(` calls a function; otherwise it is a constant, an operator or a string. */
function wordToken(word: string, call: boolean, position: number): Token {
  if (call) return { type: 'function', value: word, position };
  if (WORD_OPERATORS.has(word)) return { type: 'operator', value: word, position };
  if (Object.hasOwn(CONSTANTS, word)) return { type: 'constant', value: CONSTANTS[word] ?? null, position };
  if (word.startsWith('__')) throw new YaqlSyntaxError(`unexpected '_'`, position);
  return { type: 'keyword', value: word, position };
}

function readString(source: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (char === quote) return { value, end: i + 1 };
    if (char === '\\' && i + 1 < source.length) {
      const next = source[i + 1] ?? '';
      if (quote === '`') {
        value += next === '`' ? '`' : `\\${next}`;
        i += 2;
        continue;
      }
      const decoded = decodeEscape(source, i + 1);
      value += decoded.text;
      i = decoded.end;
      continue;
    }
    value += char;
    i += 1;
  }
  throw new YaqlSyntaxError(`unterminated string`, start);
}

function decodeEscape(source: string, at: number): { text: string; end: number } {
  const char = source[at] ?? '';
  const simple = ESCAPES[char];
  if (simple !== undefined) return { text: simple, end: at + 1 };
  const width = char === 'x' ? 2 : char === 'u' ? 4 : char === 'U' ? 8 : 0;
  const hex = source.slice(at + 1, at + 1 + width);
  if (width > 0 && hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
    return { text: String.fromCodePoint(parseInt(hex, 16)), end: at + 1 + width };
  }
  const octal = /^[0-7]{1,3}/.exec(source.slice(at))?.[0];
  if (octal) return { text: String.fromCodePoint(parseInt(octal, 8)), end: at + octal.length };
  // Python keeps an unknown escape as it is written.
  return { text: `\\${char}`, end: at + 1 };
}
