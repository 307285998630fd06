import type { ShellFacts } from './shell-facts.js';
import { declaredAssoc, programEnd, programWord, startProgram } from './shell-handlers.js';
import { throughOutput, WordRoles } from './shell-roles.js';
import {
  EMPTY_ITEMS,
  mergeItems,
  newCommand,
  type Block,
  type CommandFrame,
  type ShellScanState,
  type Word,
} from './shell-state.js';
import { assignmentName, itemsIn, literalName, wordItems } from './shell-words.js';

/**
 * Follows the structure of the commands in a frame: which word is a command name, a keyword or an
 * assignment; `[[ … ]]` operands and operators; `for NAME in …`; `case … in … esac`; and what a
 * command's words mean once it ends (its program's handler decides).
 */

export interface ScanContext {
  readonly facts: ShellFacts;
  /** Reads literal shell code (`bash -c '…'`) as a script of its own. */
  readonly nested: (code: string) => void;
}

const ARITH_COMPARISON = 'in a numeric comparison of [[ … ]] (-eq, -lt, -gt …)';
const NUMERIC_OPERATORS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const COND_OPERATORS = new Set(
  '== = != < > =~ -nt -ot -ef && || ! ( ) -a -b -c -d -e -f -g -h -k -p -r -s -t -u -w -x -G -L -N -O -S -z -n -o'.split(
    ' ',
  ),
);
const TERMINATORS_THAT_FORK = new Set(['|', '|&', '&']);

export function rolesFor(s: ShellScanState, ctx: ScanContext): WordRoles {
  return new WordRoles({ facts: ctx.facts, assoc: s.assoc, nested: ctx.nested });
}

/** A word of `frame` ended. */
export function commandWord(s: ShellScanState, frame: CommandFrame, word: Word, ctx: ScanContext): void {
  const roles = rolesFor(s, ctx);
  const cmd = frame.cmd;
  cmd.own = mergeItems(cmd.own, wordItems(word));
  if (frame.array) {
    roles.subscript(frame.array.target, itemsIn(word, 'sub'), frame.array.assoc);
    roles.value(frame.array.target, itemsIn(word, 'pre', 'post'));
    return;
  }
  if (cmd.redirect) {
    if (cmd.redirect !== 'out') cmd.stdin = mergeItems(cmd.stdin, wordItems(word));
    if (cmd.redirect === 'herestring') cmd.stdinText += `${word.text}\n`;
    cmd.redirect = null;
    return;
  }
  if (inCasePattern(frame)) {
    if (word.plain && word.text === 'esac') closeBlock(frame, 'case');
    return;
  }
  phaseWord(frame, word, roles);
}

function phaseWord(frame: CommandFrame, word: Word, roles: WordRoles): void {
  const cmd = frame.cmd;
  switch (cmd.phase) {
    case 'start':
      return startWord(frame, word, roles);
    case 'args':
      if (cmd.program) cmd.program = programWord(cmd.program, word, roles);
      return;
    case 'cond':
      return condWord(frame, word, roles);
    case 'for-name':
      cmd.forVar = literalName(word);
      cmd.phase = 'for-in';
      return;
    case 'for-in':
      if (word.plain && word.text === 'in') cmd.phase = 'for-words';
      else if (word.plain && word.text === 'do') forPositional(frame, roles);
      return;
    case 'for-words':
      if (cmd.forVar) roles.value(cmd.forVar, word.items);
      return;
    case 'case-word':
      cmd.phase = 'case-in';
      return;
    case 'case-in':
      if (word.plain && word.text === 'in') {
        setCase(frame, 'pattern');
        cmd.phase = 'start';
      }
      return;
    case 'func-name':
      roles.name(word, 'as a function name');
      cmd.phase = 'start';
      return;
    case 'done':
      return;
  }
}

function startWord(frame: CommandFrame, word: Word, roles: WordRoles): void {
  const cmd = frame.cmd;
  if (word.plain && !cmd.assigned && keyword(frame, word.text)) return;
  if (assignmentName(word) !== null) {
    roles.assignment(word);
    cmd.assigned = true;
    return;
  }
  cmd.program = startProgram(roles.commandName(word));
  cmd.phase = 'args';
}

/** Handles a reserved word; false when `text` is none. */
function keyword(frame: CommandFrame, text: string): boolean {
  const cmd = frame.cmd;
  const open = (k: Block['k'], phase: typeof cmd.phase = 'start'): true => {
    frame.blocks.push(k === 'case' ? { k, at: 'pattern', own: EMPTY_ITEMS } : { k, own: EMPTY_ITEMS });
    cmd.phase = phase;
    return true;
  };
  switch (text) {
    case 'if':
      return open('if');
    case 'while':
    case 'until':
      return open('loop');
    case 'for':
    case 'select':
      return open('loop', 'for-name');
    case 'case':
      return open('case', 'case-word');
    case '{':
      return open('brace');
    case 'then':
    case 'else':
    case 'elif':
    case 'do':
    case '!':
    case 'coproc':
      return true;
    case 'function':
      cmd.phase = 'func-name';
      return true;
    case '[[':
      cmd.phase = 'cond';
      return true;
    case 'fi':
      return closeBlock(frame, 'if');
    case 'done':
      return closeBlock(frame, 'loop');
    case 'esac':
      return closeBlock(frame, 'case');
    case '}':
      return closeBlock(frame, 'brace');
    default:
      return false;
  }
}

function closeBlock(frame: CommandFrame, k: Block['k']): true {
  const index = frame.blocks.map((b) => b.k).lastIndexOf(k);
  const [closed] = index >= 0 ? frame.blocks.splice(index) : [];
  // What the block's commands wrote goes on to a pipe after it: `{ echo …; } | bash`.
  if (closed) frame.cmd.own = mergeItems(frame.cmd.own, closed.own);
  frame.cmd.phase = 'done';
  return true;
}

function condWord(frame: CommandFrame, word: Word, roles: WordRoles): void {
  const cmd = frame.cmd;
  const op = word.plain ? word.text : null;
  if (op === ']]') {
    cmd.phase = 'done';
    return;
  }
  if (op !== null && NUMERIC_OPERATORS.has(op)) {
    if (cmd.prev) roles.arith(cmd.prev, ARITH_COMPARISON);
    cmd.next = 'arith';
    cmd.prev = null;
    return;
  }
  if (op === '-v' || op === '-R') {
    cmd.next = 'name';
    return;
  }
  if (op === '=~') {
    if (cmd.prev) roles.facts.assign('BASH_REMATCH', throughOutput(cmd.prev.items));
    cmd.next = 'regex';
    return;
  }
  if (op !== null && COND_OPERATORS.has(op)) {
    if (op === '&&' || op === '||' || op === '!' || op === '(' || op === ')') cmd.prev = null;
    return;
  }
  if (cmd.next === 'arith') roles.arith(word, ARITH_COMPARISON);
  if (cmd.next === 'name') roles.name(word, 'as a variable name ([[ -v … ]])');
  cmd.next = null;
  cmd.prev = word;
}

function forPositional(frame: CommandFrame, roles: WordRoles): void {
  const cmd = frame.cmd;
  if (cmd.forVar) roles.value(cmd.forVar, [{ k: 'ref', name: '@', part: 'pre' }]);
  cmd.forVar = null;
  cmd.phase = 'start';
}

/** The command ends with `terminator` (`;`, newline, `&&`, `|` …, or the end of its frame). */
export function commandEnd(
  s: ShellScanState,
  frame: CommandFrame,
  terminator: string,
  ctx: ScanContext,
): void {
  const cmd = frame.cmd;
  const roles = rolesFor(s, ctx);
  if (cmd.phase === 'for-in') forPositional(frame, roles);
  const stdin = { ...cmd.stdin, text: cmd.stdinText };
  const stdinCode = cmd.program ? programEnd(cmd.program, stdin, roles) : false;
  if (stdinCode && cmd.heredocs > 0) {
    const first = s.heredocs.length - cmd.heredocs;
    s.heredocs = s.heredocs.map((doc, i) => (i >= first ? { ...doc, code: true } : doc));
  }
  const assoc = cmd.program ? declaredAssoc(cmd.program) : [];
  const topLevel = frame.kind === 'command' && s.stack.length === 1 && frame.blocks.length === 0;
  if (assoc.length > 0 && topLevel && !cmd.conditional && !TERMINATORS_THAT_FORK.has(terminator)) {
    s.assoc = [...s.assoc, ...assoc.filter((name) => !s.assoc.includes(name))];
  }
  const block = frame.blocks.at(-1);
  if (block) block.own = mergeItems(block.own, cmd.own);
  if (terminator === ';;' || terminator === ';&' || terminator === ';;&') setCase(frame, 'pattern');
  const piped = terminator === '|' || terminator === '|&';
  const conditional = piped || terminator === '&&' || terminator === '||';
  frame.cmd = newCommand(conditional, piped ? mergeItems(cmd.stdin, cmd.own) : EMPTY_ITEMS);
}

export function inCasePattern(frame: CommandFrame): boolean {
  const block = frame.blocks.at(-1);
  return block?.k === 'case' && block.at === 'pattern' && frame.cmd.phase === 'start';
}

export function setCase(frame: CommandFrame, at: 'pattern' | 'body'): void {
  const index = frame.blocks.map((b) => b.k).lastIndexOf('case');
  const block = frame.blocks[index];
  if (block?.k === 'case') frame.blocks[index] = { ...block, at };
  if (at === 'body') frame.cmd.phase = 'start';
}

/** What a closed group `( … )` wrote goes to the command it stands in (for a pipe after it). */
export function groupClosed(frame: CommandFrame, inner: CommandFrame): void {
  frame.cmd.own = mergeItems(frame.cmd.own, inner.collected);
  frame.cmd.phase = 'done';
}

export function startsCommand(frame: CommandFrame): boolean {
  return frame.cmd.phase === 'start' && frame.word === null && !inCasePattern(frame);
}

export { newCommand };
