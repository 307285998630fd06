import { commandEnd, commandWord, groupClosed, rolesFor, type ScanContext } from './shell-commands.js';
import type { ShellFacts } from './shell-facts.js';
import { throughCommandReason } from './shell-reasons.js';
import { itemsOfText, parseParam } from './shell-params.js';
import {
  EMPTY_ITEMS,
  isCommandFrame,
  isQuoteFrame,
  mergeItems,
  newCommandFrame,
  type ArithFrame,
  type CommandFrame,
  type Frame,
  type HeredocFrame,
  type ShellScanState,
  type Flow,
} from './shell-state.js';
import { UNREAD_BODY } from './shell-widen.js';
import { NOT_LITERAL, addDerived, addOpaque, addReference, finishWord, newWord } from './shell-words.js';

/**
 * Opening and closing the scanner's frames, and handing what a closed frame produced to the
 * frame it stands in: a `$(…)`'s values reach the word around it through the command's output,
 * a `${…}` yields variables' values, a `$((…))` yields a number.
 */

type Step = (s: ShellScanState, input: string, i: number, ctx: ScanContext) => number;

/** The frame that owns the text at this point: the nearest one that is not a quote. */
export function ownerOf(s: ShellScanState): Frame | undefined {
  for (let i = s.stack.length - 1; i >= 0; i -= 1) {
    const frame = s.stack[i];
    if (!isQuoteFrame(frame)) return frame;
  }
  return undefined;
}

export function wordOf(frame: CommandFrame): NonNullable<CommandFrame['word']> {
  frame.word ??= newWord();
  return frame.word;
}

export function pushFrame(
  s: ShellScanState,
  kind: 'single' | 'double' | 'ansi' | 'subst' | 'group' | 'backtick' | 'param',
  length: number,
): number {
  if (kind === 'single' || kind === 'double' || kind === 'ansi') s.stack.push({ kind });
  else if (kind === 'param') s.stack.push({ kind, text: '', depth: 0, collected: EMPTY_ITEMS });
  else s.stack.push(newCommandFrame(kind));
  return length;
}

export function pushArith(s: ShellScanState, closer: '))' | ']', command: boolean, where: string): void {
  s.stack.push({ kind: 'arith', closer, depth: 0, ident: '', command, where });
}

export function flushArithName(frame: ArithFrame, facts: ShellFacts | undefined): void {
  if (facts && /^[A-Za-z_]/.test(frame.ident)) facts.use('arith', frame.ident, frame.where);
  frame.ident = '';
}

/** Closes the command frame on top (`)` of `$(…)` or `( … )`, a backtick, an array's `)`). */
export function closeFrame(s: ShellScanState, ctx: ScanContext, consumed: number): number {
  const inner = s.stack.pop() as CommandFrame;
  if (inner.word) {
    const word = finishWord(inner.word);
    inner.word = null;
    commandWord(s, inner, word, ctx);
  }
  if (!inner.array) commandEnd(s, inner, ')', ctx);
  collect(s, inner.collected);
  const owner = ownerOf(s);
  if (inner.kind === 'group' && isCommandFrame(owner)) groupClosed(owner, inner);
  if (inner.kind === 'subst' || inner.kind === 'backtick') deliverDerived(s, owner, inner.collected, ctx);
  return consumed;
}

/** A `$(…)`'s values and variables reach what owns its place through the command's output. */
function deliverDerived(s: ShellScanState, owner: Frame | undefined, items: Flow, ctx: ScanContext): void {
  if (isCommandFrame(owner)) addDerived(wordOf(owner), items);
  else if (owner?.kind === 'arith') {
    const [first] = items.outs;
    if (first !== undefined) ctx.facts.refuse(throughCommandReason(owner.where), first);
    for (const name of items.refs) ctx.facts.use('arith', name, owner.where, true);
  } else if (owner?.kind === 'param') {
    owner.collected = mergeItems(owner.collected, items);
    owner.text += NOT_LITERAL;
  } else if (owner?.kind === 'heredoc' && owner.doc.code) {
    for (const name of items.refs) ctx.facts.use('code', name, 'in a here-document a shell runs');
  }
}

export function closeArith(s: ShellScanState, ctx: ScanContext): void {
  const frame = s.stack.pop() as ArithFrame;
  flushArithName(frame, ctx.facts);
  const owner = ownerOf(s);
  if (frame.command && isCommandFrame(owner)) owner.cmd.phase = 'done';
  else if (isCommandFrame(owner)) addOpaque(wordOf(owner));
  else if (owner?.kind === 'param') owner.text += NOT_LITERAL;
  else if (owner?.kind === 'arith') owner.ident = '';
}

export function closeParam(s: ShellScanState, ctx: ScanContext): void {
  const frame = s.stack.pop() as Extract<Frame, { kind: 'param' }>;
  const owner = ownerOf(s);
  if (owner?.kind === 'param') {
    owner.text += `\${${frame.text}}`;
    owner.collected = mergeItems(owner.collected, frame.collected);
    return;
  }
  const use = parseParam(frame.text);
  const roles = rolesFor(s, ctx);
  const where = 'in an arithmetic part of ${…} (an offset, a length or a subscript)';
  for (const text of use.arith) roles.arithItems(itemsOfText(text), where);
  for (const { target, text } of use.subscripts) roles.subscript(target, itemsOfText(text));
  for (const name of use.prompt) ctx.facts.use('code', name, 'in ${…@P} (a prompt expansion runs commands)');
  for (const { target, text } of use.assigns) roles.value(target, itemsOfText(text, false));
  for (const name of use.values) {
    if (name.startsWith('!')) deliverReference(s, name.slice(1), '', ctx, true);
    else deliverReference(s, name, '', ctx);
  }
  for (const name of use.indirect) {
    ctx.facts.use('name', name, 'in ${!…} (an indirect expansion)');
    deliverReference(s, name, '', ctx, true);
  }
  deliverDerived(s, owner, frame.collected, ctx);
  if (use.values.length + use.indirect.length === 0 && isCommandFrame(owner)) addOpaque(wordOf(owner));
}

/** `$name` or `${…}`: the variable's value reaches whatever owns this point. */
export function deliverReference(
  s: ShellScanState,
  name: string,
  raw: string,
  ctx: ScanContext,
  indirect = false,
): void {
  const owner = ownerOf(s);
  collect(s, { outs: [], refs: [name] });
  if (isCommandFrame(owner)) {
    addReference(wordOf(owner), name, indirect);
  } else if (owner?.kind === 'arith') {
    if (indirect) ctx.facts.use('name', name, owner.where);
    ctx.facts.use('arith', name, owner.where, indirect);
    owner.ident = '';
  } else if (owner?.kind === 'param') {
    owner.text += raw;
  } else if (owner?.kind === 'heredoc' && owner.doc.code) {
    ctx.facts.use('code', name, 'in a here-document a shell runs');
  }
}

function collect(s: ShellScanState, items: Flow): void {
  for (let i = s.stack.length - 1; i >= 0; i -= 1) {
    const frame = s.stack[i];
    if (isCommandFrame(frame)) {
      frame.collected = mergeItems(frame.collected, items);
      return;
    }
  }
}

/** After a newline: the body of the next announced here-document starts. */
export function startHeredocBody(s: ShellScanState): void {
  const [doc, ...rest] = s.heredocs;
  if (!doc || s.stack[s.stack.length - 1]?.kind === 'heredoc') return;
  s.heredocs = rest;
  s.stack.push({ kind: 'heredoc', doc, line: '', body: '' });
}

function inSubstitution(s: ShellScanState): boolean {
  return s.stack.some((frame) => frame.kind === 'subst' || frame.kind === 'backtick');
}

/**
 * The here-document on top ends: at its delimiter, or at the end of the text (bash then runs
 * the body it read so far, so a shell still runs it).
 */
export function endHeredoc(s: ShellScanState, ctx: ScanContext): void {
  const frame = s.stack.pop() as HeredocFrame;
  if (!frame.doc.code) return;
  if (frame.body.includes(UNREAD_BODY)) ctx.facts.unreadCode('in a here-document a shell runs');
  else rolesFor(s, ctx).readCode(`${frame.body}${frame.line}`);
}

export function heredocStep(
  s: ShellScanState,
  frame: HeredocFrame,
  input: string,
  i: number,
  ctx: ScanContext,
  steps: { dollar: Step; any: Step },
): number {
  const c = input[i] ?? '';
  if (frame.line === frame.doc.delimiter && (c === ')' || c === '`') && inSubstitution(s)) {
    // Bash ends a here-document inside $(…) at `DELIM)`, and goes on with the command.
    endHeredoc(s, ctx);
    return steps.any(s, input, i, ctx);
  }
  if (c === '\n') {
    const line = frame.doc.stripTabs ? frame.line.replace(/^\t+/, '') : frame.line;
    frame.line = '';
    if (line === frame.doc.delimiter) {
      endHeredoc(s, ctx);
      startHeredocBody(s);
    } else if (frame.doc.code && !frame.body.includes(UNREAD_BODY)) {
      frame.body += `${line}\n`;
    }
    return 1;
  }
  let consumed = 1;
  if (!frame.doc.quoted && c === '\\') consumed = i + 1 < input.length ? 2 : 0;
  else if (!frame.doc.quoted && c === '$') consumed = steps.dollar(s, input, i, ctx);
  else if (!frame.doc.quoted && c === '`') s.stack.push(newCommandFrame('backtick'));
  frame.line += input.slice(i, i + consumed);
  return consumed;
}
