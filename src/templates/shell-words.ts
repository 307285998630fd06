import type { Flow, Word, WordItem, WordPart } from './shell-state.js';

/**
 * Builds the word a command frame is reading, one piece at a time: literal characters, `{{ … }}`
 * values, `$name` references and substitutions. Besides the literal text (for keywords, options
 * and command names) it keeps where each value and variable stands in `NAME[SUB]=VALUE`, so an
 * assignment, a subscript or a name can be told apart once the word ends.
 */

const MAX_TEXT = 4096;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** A marker in `text` for anything not literal (a value, an expansion). */
export const NOT_LITERAL = '\u0001';

export function newWord(): Word {
  return {
    text: '',
    long: false,
    plain: true,
    part: 'pre',
    subDepth: 0,
    preName: '',
    ident: '',
    startsWithOutput: false,
    literal: false,
    items: [],
  };
}

/** A literal character; `quoted` when it stands inside quotes or after a backslash. */
export function addChar(word: Word, c: string, quoted: boolean): void {
  if (!NAME_CHAR.test(c)) flushIdent(word);
  else word.ident += c;
  appendText(word, c);
  word.literal = true;
  if (quoted) {
    word.plain = false;
    if (word.part === 'pre') word.preName = null;
    return;
  }
  movePart(word, c);
}

function movePart(word: Word, c: string): void {
  if (word.part === 'sub') {
    if (c === '[') word.subDepth += 1;
    if (c === ']') word.subDepth -= 1;
    if (word.subDepth === 0) word.part = 'pre';
    return;
  }
  if (word.part !== 'pre') return;
  if (c === '[') {
    word.part = 'sub';
    word.subDepth = 1;
  } else if (c === '=') {
    word.part = 'post';
  } else if (word.preName !== null) {
    const closedSubscript = word.text.length > 1 && word.text.at(-2) === ']';
    const continues = closedSubscript ? c === '+' : /[A-Za-z0-9_+]/.test(c);
    word.preName = continues ? word.preName + c : null;
  }
}

export function addOutput(word: Word, id: string): void {
  const glued = /^[A-Za-z_]/.test(word.ident);
  if (!word.literal && word.items.length === 0 && word.text === '') word.startsWithOutput = true;
  addItem(word, { k: 'out', id, part: word.part, glued });
  notLiteral(word);
}

export function addReference(word: Word, name: string, indirect = false): void {
  addItem(word, { k: indirect ? 'iref' : 'ref', name, part: word.part });
  notLiteral(word);
}

/** What a `$(…)` (or `<(…)`) standing in the word contained: it reaches the word through a command. */
export function addDerived(word: Word, inner: Flow): void {
  for (const id of inner.outs) addItem(word, { k: 'dout', id, part: word.part });
  for (const name of inner.refs) addItem(word, { k: 'dref', name, part: word.part });
  notLiteral(word);
}

/** Something that is neither literal nor a value: `$((…))`, a `| safe` value. */
export function addOpaque(word: Word): void {
  notLiteral(word);
}

export function finishWord(word: Word): Word {
  flushIdent(word);
  return word;
}

/** `NAME=…`, `NAME+=…`, `NAME[SUB]=…` with a literal name: the name, else null. */
export function assignmentName(word: Word): string | null {
  if (word.part !== 'post' || word.preName === null) return null;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\+?$/.exec(word.preName);
  return match?.[1] ?? null;
}

/** A literal name, optionally with a subscript (`a`, `a[1]`): the name, else null. */
export function literalName(word: Word): string | null {
  if (word.part === 'post' || word.preName === null) return null;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)$/.exec(word.preName);
  return match?.[1] ?? null;
}

export function itemsIn(word: Word, ...parts: WordPart[]): WordItem[] {
  return word.items.filter((item) => parts.includes(item.part));
}

export function outputIds(items: readonly WordItem[], derived = false): string[] {
  const ids: string[] = [];
  for (const item of items) {
    if (item.k === 'out' || (derived && item.k === 'dout')) ids.push(item.id);
  }
  return ids;
}

export function hasValues(items: readonly WordItem[]): boolean {
  return items.some((item) => item.k === 'out' || item.k === 'dout');
}

/** The values and variables of a word, as what it sends on (to a pipe, into a `$(…)`). */
export function wordItems(word: Word): Flow {
  const outs: string[] = [];
  const refs: string[] = [];
  for (const item of word.items) {
    if ((item.k === 'out' || item.k === 'dout') && !outs.includes(item.id)) outs.push(item.id);
    if ((item.k === 'ref' || item.k === 'dref' || item.k === 'iref') && !refs.includes(item.name))
      refs.push(item.name);
  }
  return { outs, refs };
}

function notLiteral(word: Word): void {
  flushIdent(word);
  appendText(word, NOT_LITERAL);
  word.plain = false;
  if (word.part === 'pre') word.preName = null;
}

function flushIdent(word: Word): void {
  if (/^[A-Za-z_]/.test(word.ident)) addItem(word, { k: 'ident', name: word.ident, part: word.part });
  word.ident = '';
}

function appendText(word: Word, text: string): void {
  if (word.text.length >= MAX_TEXT) {
    word.long = true;
    return;
  }
  word.text += text;
}

function addItem(word: Word, item: WordItem): void {
  const key = JSON.stringify(item);
  if (!word.items.some((existing) => JSON.stringify(existing) === key)) word.items.push(item);
}
