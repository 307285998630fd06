import type { ShellQuoteContext } from './shell-quote.js';
import { commandEnd, type ScanContext } from './shell-commands.js';
import {
  closeArith,
  closeFrame,
  closeParam,
  deliverReference,
  endHeredoc,
  ownerOf,
  pushFrame,
  wordOf,
} from './shell-frames.js';
import { gluedReason } from './shell-reasons.js';
import { endWord, notLiteral, step } from './shell-lexer.js';
import {
  INITIAL_SHELL_STATE,
  isCommandFrame,
  type CommandFrame,
  type ShellScanState,
} from './shell-state.js';
import { addOpaque, addOutput } from './shell-words.js';

/**
 * Follows the literal text of a shell command template so that each `{{ expression }}` can be
 * quoted for the context it stands in, and its place in the command judged: quotes, `$(…)`,
 * backticks, `${…}`, arithmetic (`$((…))`, `((…))`, `$[…]`), comments, here-documents, and the
 * words of each command (see shell-commands.ts). The steps are in shell-lexer.ts.
 */

export { INITIAL_SHELL_STATE, type ShellScanState } from './shell-state.js';
export type { ScanContext } from './shell-commands.js';

export function scanShellText(state: ShellScanState, text: string, ctx: ScanContext): ShellScanState {
  const s = copy(state);
  const input = s.pending + text;
  s.pending = '';
  let i = 0;
  while (i < input.length) {
    const consumed = step(s, input, i, ctx);
    if (consumed === 0) {
      s.pending = input.slice(i);
      break;
    }
    i += consumed;
  }
  return s;
}

/** How many characters were consumed; 0 means "need more text" (the rest becomes pending). */
function copy(state: ShellScanState): ShellScanState {
  return structuredClone(state);
}

/**
 * Resolves text whose meaning depended on what follows, now that a value follows it: `$(` opens
 * a command substitution, `<` and `>` are redirections, `;` `&` `|` end a command, and `$name`
 * outside "…" is a complete reference. Anything else stays pending, and outputContext refuses it.
 */
export function settlePending(state: ShellScanState, ctx: ScanContext): ShellScanState {
  const pending = state.pending;
  if (pending === '' || pending.startsWith('\\') || pending.startsWith('<<')) return state;
  const s = copy(state);
  s.pending = '';
  const top = s.stack[s.stack.length - 1];
  if (pending === '$(') {
    notLiteral(s);
    pushFrame(s, 'subst', 2);
  } else if (/^\$[A-Za-z_]\w*$/.test(pending) && outputContext(s) === 'unquoted' && !inArithmetic(s)) {
    deliverReference(s, pending.slice(1), pending, ctx);
  } else if (isCommandFrame(top) && (pending === '<' || pending === '>')) {
    endWord(s, top, ctx, 0);
    top.cmd.redirect = pending === '>' ? 'out' : 'in';
  } else if (isCommandFrame(top) && pending === '(') {
    endWord(s, top, ctx, 0);
    pushFrame(s, 'group', 1);
  } else if (isCommandFrame(top) && /^(?:;;?|&|\|)$/.test(pending)) {
    endWord(s, top, ctx, 0);
    commandEnd(s, top, pending, ctx);
  } else {
    return state;
  }
  return s;
}

function inArithmetic(state: ShellScanState): boolean {
  return ownerOf(state)?.kind === 'arith';
}

/** The context an output at this point stands in, or why no value can be placed there safely. */
export function outputContext(state: ShellScanState): ShellQuoteContext | { unsafe: string } {
  const pending = state.pending;
  if (pending.startsWith('\\')) return { unsafe: 'right after a backslash' };
  if (pending === '$') return { unsafe: 'right after "$"' };
  if (pending.startsWith('$') && pending !== '$(') {
    return {
      unsafe: `right after "${pending}" (write "\${${pending.slice(1)}}" so that the value cannot extend the name)`,
    };
  }
  if (pending.startsWith('<<') && pending !== '<<') return { unsafe: 'in a here-document delimiter' };
  if (state.stack.some((frame) => frame.kind === 'heredoc')) {
    return { unsafe: 'inside a here-document (pass the value through a variable or a file instead)' };
  }
  if (state.comment) return { unsafe: 'inside a shell comment' };
  const top = state.stack[state.stack.length - 1];
  const owner = ownerOf(state);
  if (top?.kind === 'ansi') return { unsafe: "inside $'…' quoting" };
  if (owner?.kind === 'param') return { unsafe: 'inside ${…}' };
  if (owner?.kind === 'backtick') return { unsafe: 'inside `…` (use $(…) instead)' };
  if (top?.kind === 'double') return 'double';
  if (top?.kind === 'single') return 'single';
  return 'unquoted';
}

/** Places a `{{ … }}` value (already checked with outputContext) at this point. */
export function placeOutput(
  state: ShellScanState,
  id: string,
  ctx: ScanContext,
  safe: boolean,
): ShellScanState {
  const s = copy(state);
  const owner = ownerOf(s);
  if (safe) {
    if (isCommandFrame(owner)) addOpaque(wordOf(owner));
    return s;
  }
  collectOutput(s, id);
  if (owner?.kind === 'arith') {
    if (/^[A-Za-z_]/.test(owner.ident)) ctx.facts.refuse(gluedReason(owner.where), id);
    owner.ident = '';
    ctx.facts.require(id, 'integer', owner.where);
  } else if (isCommandFrame(owner)) {
    addOutput(wordOf(owner), id);
  }
  return s;
}

function collectOutput(s: ShellScanState, id: string): void {
  for (let i = s.stack.length - 1; i >= 0; i -= 1) {
    const frame = s.stack[i];
    if (isCommandFrame(frame)) {
      if (!frame.collected.outs.includes(id))
        frame.collected = { ...frame.collected, outs: [...frame.collected.outs, id] };
      return;
    }
  }
}

/** The end of the template: every open word, frame and command ends. */
export function finishShell(state: ShellScanState, ctx: ScanContext): void {
  const s = scanShellText({ ...state, pending: '' }, `${state.pending}\n`, ctx);
  while (s.stack.length > 1) {
    const top = s.stack[s.stack.length - 1];
    if (isCommandFrame(top)) closeFrame(s, ctx, 0);
    else if (top?.kind === 'param') closeParam(s, ctx);
    else if (top?.kind === 'arith') closeArith(s, ctx);
    else if (top?.kind === 'heredoc') endHeredoc(s, ctx);
    else s.stack.pop();
  }
  const root = s.stack[0] as CommandFrame;
  endWord(s, root, ctx, 0);
  commandEnd(s, root, 'end', ctx);
}

/** Reads literal shell code (`bash -c '…'`) as a script of its own. */
export function scanNested(code: string, ctx: ScanContext): void {
  finishShell(scanShellText(INITIAL_SHELL_STATE, code, ctx), ctx);
}
