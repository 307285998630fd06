import { CODE_VARIABLES, type Assignment, type Check, type ShellFacts } from './shell-facts.js';
import {
  COMMAND_REASON,
  codeReason,
  gluedReason,
  scriptReason,
  throughCommandReason,
} from './shell-reasons.js';
import type { Word, WordItem } from './shell-state.js';
import { itemsOfText, subscriptTexts } from './shell-params.js';
import { assignmentName, itemsIn, literalName } from './shell-words.js';

/**
 * What a word means once its place in the command is known, turned into checks on its values
 * (integer, name), facts about variables, and refusals. The command layer decides the place
 * (an arithmetic operand, a variable name, code a program runs …); this file knows what each
 * place requires.
 */

export interface RoleContext {
  readonly facts: ShellFacts;
  /** Associative arrays declared so far on this path. */
  readonly assoc: readonly string[];
  /** Reads literal shell code (`bash -c '…'`) as a script of its own. */
  readonly nested: (code: string) => void;
}

export class WordRoles {
  constructor(private readonly ctx: RoleContext) {}

  get facts(): ShellFacts {
    return this.ctx.facts;
  }

  /** The whole word is an arithmetic expression (`let` arguments, `[[ … -gt … ]]` operands). */
  arith(word: Word, where: string): void {
    this.arithItems(word.items, where);
  }

  arithItems(items: readonly WordItem[], where: string): void {
    const { facts } = this.ctx;
    for (const item of items) {
      if (item.k === 'out') {
        if (item.glued) facts.refuse(gluedReason(where), item.id);
        facts.require(item.id, 'integer', where);
      } else if (item.k === 'dout') {
        facts.refuse(throughCommandReason(where), item.id);
      } else if (item.k === 'ref' || item.k === 'ident') {
        facts.use('arith', item.name, where);
      } else {
        facts.use(item.k === 'iref' ? 'name' : 'arith', item.name, where, item.k === 'dref');
        if (item.k === 'iref') facts.use('arith', item.name, where, true);
      }
    }
  }

  /**
   * A variable name (`read NAME`, `printf -v NAME`, `[[ -v NAME ]]`); `assigned`: the command
   * gives it a value from input Squall cannot see. Returns the name, or '*' when it comes from a
   * value.
   */
  name(word: Word, where: string, assigned?: string): string {
    const target = literalName(word) ?? '*';
    this.nameItems(itemsIn(word, 'pre', 'post'), where);
    this.subscript(target, itemsIn(word, 'sub'));
    this.quotedSubscripts(word, target);
    if (assigned) this.ctx.facts.assign(target, { ...emptyAssignment(), opaque: assigned });
    return target;
  }

  /**
   * Bash reads a subscript in a name at run time, also when the word was quoted
   * (`test -v 'a[$i]'`, `unset "a[$i]"`): its text, and the variables in the word, are arithmetic.
   */
  private quotedSubscripts(word: Word, target: string): void {
    const texts = subscriptTexts(word.text);
    if (texts.length === 0) return;
    for (const text of texts) this.subscript(target, itemsOfText(text));
    const refs = word.items.filter((item) => item.part !== 'post' && (item.k === 'ref' || item.k === 'dref'));
    this.subscript(target, refs);
  }

  nameItems(items: readonly WordItem[], where: string): void {
    const { facts } = this.ctx;
    for (const item of items) {
      if (item.k === 'out') facts.require(item.id, 'name', where);
      else if (item.k === 'dout') facts.refuse(throughCommandReason(where), item.id);
      else if (item.k !== 'ident') facts.use('name', item.name, where, item.k !== 'ref');
    }
  }

  /**
   * Code a program runs (`eval`, `bash -c`, `python -c`, ssh's remote command): no value may
   * stand in it. Returns its text, so that shell code can be read once the command is complete
   * (`eval` joins its arguments).
   */
  code(word: Word, where: string): string {
    const { facts } = this.ctx;
    for (const item of word.items) {
      if (item.k === 'out' || item.k === 'dout') {
        facts.refuse(codeReason(where), item.id);
      }
      if (item.k === 'ref' || item.k === 'dref' || item.k === 'iref')
        facts.use('code', item.name, `in code ${where} runs`);
    }
    if (word.long) facts.unreadCode(`in code ${where} runs`);
    return word.text;
  }

  /** Reads literal shell code (`bash -c '…'`, a here-document a shell runs) as a script of its own. */
  readCode(code: string): void {
    if (code.trim() !== '') this.ctx.nested(code);
  }

  /** A word that chooses the script or file a program runs (`bash FILE`, `source FILE`). */
  script(word: Word, where: string): void {
    const { facts } = this.ctx;
    for (const item of word.items) {
      if (item.k === 'out' || item.k === 'dout') {
        facts.refuse(scriptReason(where), item.id);
      }
      if (item.k === 'ref' || item.k === 'dref' || item.k === 'iref')
        facts.use('code', item.name, `as the script ${where} runs`);
    }
  }

  /** A value at the start of the word must pass `check` (it could be read as an option). */
  check(word: Word, check: Check, where: string): void {
    const first = word.items[0];
    if (word.startsWithOutput && first?.k === 'out') this.ctx.facts.require(first.id, check, where);
  }

  /** The command to run: no value may choose it. Returns its literal name, or null (dynamic). */
  commandName(word: Word): string | null {
    const { facts } = this.ctx;
    for (const item of word.items) {
      if (item.k === 'out' || item.k === 'dout') {
        facts.refuse(COMMAND_REASON, item.id);
      }
      if (item.k === 'ref' || item.k === 'dref' || item.k === 'iref')
        facts.use('code', item.name, 'as the command to run');
    }
    return word.plain ? word.text : null;
  }

  /** `NAME=VALUE`, `NAME[SUB]=VALUE`, or a declaration's argument (`declare -i n={{ v }}`). */
  assignment(word: Word, flags = '', declaration = false): string {
    const { facts } = this.ctx;
    const literal = declaration ? (assignmentName(word) ?? literalName(word)) : assignmentName(word);
    const target = literal ?? '*';
    if (literal === null) {
      if (/[in]/.test(flags) && word.items.some((item) => item.part === 'pre')) {
        facts.refuse(
          'a {{ … }} value cannot name a variable declared -i or -n; write the name in the template',
          firstValue(word),
        );
      }
      this.nameItems(itemsIn(word, 'pre'), 'as the name of a declared variable');
      this.quotedSubscripts(word, target);
      // `declare "$n=$v"` splits at run time: any variable may get any of it.
      facts.assign('*', assignmentOf(word.items));
    }
    this.subscript(target, itemsIn(word, 'sub'), flags.includes('A'));
    const value = itemsIn(word, 'post');
    if (flags.includes('i') && literal !== null) facts.integer(literal);
    if (word.part !== 'post') return target;
    if (CODE_VARIABLES.includes(target)) {
      this.code({ ...word, items: value }, `bash, with the variable ${target},`);
    } else if (flags.includes('n')) {
      this.nameItems(value, 'as the target of a reference variable (declare -n)');
      const only = value.length === 1 ? value[0] : undefined;
      facts.nameref(target, only?.k === 'ident' ? only.name : null);
    } else {
      facts.assign(target, assignmentOf(value));
    }
    return target;
  }

  /** `for NAME in WORDS`, `select NAME in WORDS`, array elements: NAME takes the word's value. */
  value(target: string, items: readonly WordItem[]): void {
    this.ctx.facts.assign(target, assignmentOf(items));
  }

  /** An array subscript: arithmetic, unless the array is associative. */
  subscript(target: string, items: readonly WordItem[], assoc = false): void {
    if (items.length === 0) return;
    const ids = (k: 'out' | 'dout'): string[] => items.flatMap((i) => (i.k === k ? [i.id] : []));
    const names = (...ks: WordItem['k'][]): string[] =>
      items.flatMap((i) => ('name' in i && ks.includes(i.k) ? [i.name] : []));
    const isAssoc = assoc || this.ctx.assoc.includes(target);
    this.ctx.facts.subscript({
      target,
      outs: ids('out'),
      glued: items.flatMap((i) => (i.k === 'out' && i.glued ? [i.id] : [])),
      refs: names('ref'),
      idents: names('ident'),
      douts: ids('dout'),
      drefs: names('dref', 'iref'),
      assoc: isAssoc,
      where: `in an array subscript (${target === '*' ? 'a' : target}[…])`,
    });
    if (isAssoc) this.value(target, items);
  }
}

export function emptyAssignment(): Assignment {
  return { outs: [], refs: [], idents: [], douts: [], drefs: [] };
}

export function assignmentOf(items: readonly WordItem[]): Assignment {
  const a = emptyAssignment();
  for (const item of items) {
    if (item.k === 'out') a.outs.push(item.id);
    else if (item.k === 'dout') a.douts.push(item.id);
    else if (item.k === 'ref') a.refs.push(item.name);
    else if (item.k === 'ident') a.idents.push(item.name);
    else a.drefs.push(item.name);
  }
  return a;
}

function firstValue(word: Word): string | undefined {
  for (const item of word.items) if (item.k === 'out') return item.id;
  return undefined;
}

/** A value made by a command from these items (`printf -v`, `=~` matches): not checkable. */
export function throughOutput(items: readonly WordItem[]): Assignment {
  const direct = assignmentOf(items);
  return {
    ...emptyAssignment(),
    douts: [...direct.outs, ...direct.douts],
    drefs: [...direct.refs, ...direct.drefs],
  };
}
