import type { WordItem } from './shell-state.js';

/**
 * Reads the text of a parameter expansion `${…}` (no `{{ … }}` value can stand inside one) for
 * what matters to safety: which variables' values it produces, which parts bash evaluates as
 * arithmetic (`${s:OFFSET:LENGTH}`, `${a[SUB]}`), which variable it names indirectly
 * (`${!name}`), runs as a prompt (`${x@P}` runs command substitutions), or assigns (`${x:=…}`).
 */
export interface ParamUse {
  /** Variables whose value the expansion produces. */
  values: string[];
  /** `${!name}`: the value of the variable `name` names. */
  indirect: string[];
  /** Text bash evaluates as arithmetic. */
  arith: string[];
  subscripts: { target: string; text: string }[];
  /** `${x@P}`: the value is expanded as a prompt, which runs commands. */
  prompt: string[];
  assigns: { target: string; text: string }[];
}

const NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!_-])/;

export function parseParam(text: string): ParamUse {
  const use: ParamUse = { values: [], indirect: [], arith: [], subscripts: [], prompt: [], assigns: [] };
  let rest = text;
  let mode: 'value' | 'length' | 'indirect' = 'value';
  if (/^#[^}:#%/^,@-]/.test(rest) || rest === '#') {
    mode = 'length';
    rest = rest.slice(1);
  } else if (rest.startsWith('!')) {
    mode = 'indirect';
    rest = rest.slice(1);
  }
  const name = NAME.exec(rest)?.[0] ?? '';
  rest = rest.slice(name.length);
  if (name === '') return use;
  const subscript = leadingSubscript(rest);
  if (subscript !== null) {
    rest = rest.slice(subscript.length + 2);
    if (subscript !== '@' && subscript !== '*') use.subscripts.push({ target: name, text: subscript });
  }
  if (mode === 'indirect') {
    if (/^[*@]$/.test(rest) || subscript === '@' || subscript === '*') use.values.push('!names');
    else use.indirect.push(name);
  } else if (mode === 'value') {
    use.values.push(name);
  }
  operator(rest, name, use);
  return use;
}

function operator(rest: string, name: string, use: ParamUse): void {
  if (rest === '') return;
  if (rest.startsWith('@')) {
    if (rest === '@P') use.prompt.push(name);
    return;
  }
  const assign = /^:?=/.exec(rest);
  if (assign) {
    use.assigns.push({ target: name, text: rest.slice(assign[0].length) });
    return;
  }
  if (rest.startsWith(':') && !/^:[-?+]/.test(rest)) {
    use.arith.push(...splitTopLevel(rest.slice(1), ':'));
    return;
  }
  // Defaults, alternatives, patterns and replacements: their words' variables flow in.
  for (const ref of referencesIn(rest)) use.values.push(ref);
}

/** `[SUB]` at the start of `text` (brackets balanced): SUB, else null. */
function leadingSubscript(text: string): string | null {
  if (!text.startsWith('[')) return null;
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '[') depth += 1;
    if (text[i] === ']') depth -= 1;
    if (depth === 0) return text.slice(1, i);
  }
  return null;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    if (c === ')' || c === ']' || c === '}') depth -= 1;
    if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `$name`, `${name…}` in raw text (`${#name}` is a length: no value). */
export function referencesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\$(\{)?(#)?(!)?([A-Za-z_][A-Za-z0-9_]*|[0-9]|[@*_])/g)) {
    if (match[1] && match[2]) continue;
    const name = match[4] ?? '';
    names.push(match[3] ? `!${name}` : name);
  }
  return names;
}

/** Names written literally in arithmetic text (each is a variable bash evaluates). */
export function namesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/(?<![\w$#{!.])[A-Za-z_][A-Za-z0-9_]*/g)) names.push(match[0]);
  return names;
}

/** The variables in a piece of literal text, as word items (literal names too, for arithmetic). */
export function itemsOfText(text: string, withNames = true): WordItem[] {
  const items: WordItem[] = [];
  for (const ref of referencesIn(text)) {
    items.push(
      ref.startsWith('!')
        ? { k: 'iref', name: ref.slice(1), part: 'pre' }
        : { k: 'ref', name: ref, part: 'pre' },
    );
  }
  if (withNames) for (const name of namesIn(text)) items.push({ k: 'ident', name, part: 'pre' });
  return items;
}

/** The text inside each top-level `[…]` of a name (`a[$i]` → `$i`), up to its first `=`. */
export function subscriptTexts(name: string): string[] {
  const texts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < name.length; i += 1) {
    const c = name[i];
    if (c === '=' && depth === 0) break;
    if (c === '[' && (depth += 1) === 1) start = i + 1;
    if (c === ']' && depth > 0 && (depth -= 1) === 0) texts.push(name.slice(start, i));
  }
  return texts;
}
