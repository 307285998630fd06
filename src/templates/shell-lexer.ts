import {
  commandEnd,
  commandWord,
  inCasePattern,
  setCase,
  startsCommand,
  type ScanContext,
} from './shell-commands.js';
import {
  closeArith,
  closeFrame,
  closeParam,
  deliverReference,
  flushArithName,
  heredocStep,
  ownerOf,
  pushArith,
  pushFrame,
  startHeredocBody,
  wordOf,
} from './shell-frames.js';
import {
  isCommandFrame,
  newCommandFrame,
  type ArithFrame,
  type CommandFrame,
  type ParamFrame,
  type ShellScanState,
} from './shell-state.js';
import { addChar, addOpaque, assignmentName, finishWord } from './shell-words.js';

/**
 * The scanner's steps: one character (or operator) of literal text at a time, for the frame on
 * top of the stack. Quotes and substitutions open frames; in a command frame, word breaks and
 * operators end words and commands, which shell-commands.ts judges.
 */

type Step = (s: ShellScanState, input: string, i: number, ctx: ScanContext) => number;

/** How many characters were consumed; 0 means "need more text" (the rest becomes pending). */
export const step: Step = (s, input, i, ctx) => {
  const c = input[i] ?? '';
  const top = s.stack[s.stack.length - 1];
  if (top?.kind === 'heredoc') return heredocStep(s, top, input, i, ctx, { dollar: dollarStep, any: step });
  if (s.comment) {
    if (c !== '\n') return 1;
    s.comment = false;
  }
  if (!top || isCommandFrame(top)) return commandStep(s, top ?? (s.stack[0] as CommandFrame), input, i, ctx);
  if (top.kind === 'single') return c === "'" ? pop(s) : literal(s, c, true);
  if (c === '\\') return escaped(s, input, i, top.kind === 'double' ? '$`"\\\n' : null);
  if (top.kind === 'ansi') return c === "'" ? pop(s) : literal(s, c, true);
  if (c === '$') return dollarStep(s, input, i, ctx);
  if (c === '`') return pushFrame(s, 'backtick', 1);
  if (top.kind === 'double') return c === '"' ? pop(s) : literal(s, c, true);
  if (top.kind === 'arith') return arithStep(s, top, input, i, ctx);
  if (top.kind === 'param') return paramStep(s, top, input, i, ctx);
  return literal(s, c, true);
};

function commandStep(
  s: ShellScanState,
  frame: CommandFrame,
  input: string,
  i: number,
  ctx: ScanContext,
): number {
  const c = input[i] ?? '';
  if (frame.cmd.phase === 'cond') return condStep(s, frame, input, i, ctx);
  if (c === ' ' || c === '\t') return endWord(s, frame, ctx, 1);
  if (c === '\n') return newline(s, frame, ctx);
  if (c === '#' && frame.word === null) {
    s.comment = true;
    return 1;
  }
  const quoted = quotingStep(s, frame, input, i, ctx);
  if (quoted !== undefined) return quoted;
  if (frame.kind === 'backtick' && c === '`') return closeFrame(s, ctx, 1);
  if (frame.array) return c === ')' ? closeFrame(s, ctx, 1) : literal(s, c, false);
  if (inCasePattern(frame)) return casePatternStep(s, frame, c, ctx);
  if (c === ')') {
    if (frame.kind === 'subst' || frame.kind === 'group') return closeFrame(s, ctx, 1);
    return endWord(s, frame, ctx, 1);
  }
  if (c === '(') return openParen(s, frame, input, i, ctx);
  if (c === ';' || c === '&' || c === '|') return operator(s, frame, input, i, ctx);
  if (c === '<' || c === '>') return redirection(s, frame, input, i, ctx);
  return literal(s, c, false);
}

/** Quotes, escapes, `$` and backticks read the same inside `[[ … ]]` as in a command. */
function quotingStep(
  s: ShellScanState,
  frame: CommandFrame,
  input: string,
  i: number,
  ctx: ScanContext,
): number | undefined {
  const c = input[i] ?? '';
  if (c === "'" || c === '"') return openQuote(s, frame, c === "'" ? 'single' : 'double');
  if (c === '\\') return escaped(s, input, i, null);
  if (c === '$') return dollarStep(s, input, i, ctx);
  if (c === '`') return (wordOf(frame), pushFrame(s, 'backtick', 1));
  return undefined;
}

function condStep(
  s: ShellScanState,
  frame: CommandFrame,
  input: string,
  i: number,
  ctx: ScanContext,
): number {
  const c = input[i] ?? '';
  if (c === ' ' || c === '\t' || c === '\n') return endWord(s, frame, ctx, 1);
  if (frame.word?.plain && frame.word.text === ']]' && /[;&|)<>]/.test(c)) {
    endWord(s, frame, ctx, 0);
    return commandStep(s, frame, input, i, ctx);
  }
  const quoted = quotingStep(s, frame, input, i, ctx);
  if (quoted !== undefined) return quoted;
  return literal(s, c, false);
}

function casePatternStep(s: ShellScanState, frame: CommandFrame, c: string, ctx: ScanContext): number {
  if (c === ')') {
    endWord(s, frame, ctx, 1);
    setCase(frame, 'body');
    return 1;
  }
  if (c === '|') return endWord(s, frame, ctx, 1);
  if (c === '(' && frame.word === null) return 1;
  return literal(s, c, false);
}

function newline(s: ShellScanState, frame: CommandFrame, ctx: ScanContext): number {
  endWord(s, frame, ctx, 1);
  if (!inCasePattern(frame)) commandEnd(s, frame, '\n', ctx);
  startHeredocBody(s);
  return 1;
}

function openQuote(s: ShellScanState, frame: CommandFrame, kind: 'single' | 'double'): number {
  const word = wordOf(frame);
  word.plain = false;
  if (word.part === 'pre') word.preName = null;
  return pushFrame(s, kind, 1);
}

function openParen(
  s: ShellScanState,
  frame: CommandFrame,
  input: string,
  i: number,
  ctx: ScanContext,
): number {
  const word = frame.word;
  if (word && word.part === 'post' && word.text.endsWith('=')) {
    const target = assignmentName(word) ?? '*';
    const declared = frame.cmd.program?.name === 'declare' || frame.cmd.program?.name === 'local';
    const assoc = (declared && /A/.test(frame.cmd.program?.mode ?? '')) || s.assoc.includes(target);
    s.stack.push({ ...newCommandFrame('array'), array: { target, assoc } });
    return 1;
  }
  if (word && frame.cmd.phase === 'start') {
    const definition = /^\(\s*\)/.exec(input.slice(i));
    if (definition) {
      frame.word = null;
      return definition[0].length;
    }
    if (/^\(\s*$/.test(input.slice(i))) return 0;
  }
  endWord(s, frame, ctx, 0);
  const forArith = frame.cmd.phase === 'for-name';
  if (startsCommand(frame) || forArith) {
    if (i + 1 >= input.length) return 0;
    if (input[i + 1] === '(') {
      const where = forArith ? 'in bash arithmetic (for (( … )))' : 'in bash arithmetic ((( … )))';
      pushArith(s, '))', true, where);
      return 2;
    }
  }
  return pushFrame(s, 'group', 1);
}

function operator(
  s: ShellScanState,
  frame: CommandFrame,
  input: string,
  i: number,
  ctx: ScanContext,
): number {
  if (i + 1 >= input.length) return 0;
  const match = /^(?:;;&|;;|;&|;|&&|&>>|&>|&|\|\||\|&|\|)/.exec(input.slice(i));
  const op = match?.[0] ?? ';';
  if (op === ';;' && i + 2 >= input.length) return 0;
  endWord(s, frame, ctx, 0);
  if (op.startsWith('&>')) {
    frame.cmd.redirect = 'out';
    return op.length;
  }
  commandEnd(s, frame, op, ctx);
  return op.length;
}

function redirection(
  s: ShellScanState,
  frame: CommandFrame,
  input: string,
  i: number,
  ctx: ScanContext,
): number {
  const rest = input.slice(i);
  if (rest.length < 3 && /^(?:<<?|>)$/.test(rest)) return 0;
  if (frame.word?.plain && /^\d+$/.test(frame.word.text)) frame.word = null;
  if (rest.startsWith('<(') || rest.startsWith('>(')) {
    wordOf(frame);
    return pushFrame(s, 'subst', 2);
  }
  endWord(s, frame, ctx, 0);
  if (rest.startsWith('<<<')) return redirect(frame, 'herestring', 3);
  if (rest.startsWith('<<')) return heredocStart(s, frame, rest);
  const op = /^(?:<>|<&|<|>>|>&|>\||>)/.exec(rest)?.[0] ?? '<';
  return redirect(frame, op === '<' || op === '<>' ? 'in' : 'out', op.length);
}

function redirect(frame: CommandFrame, kind: 'in' | 'out' | 'herestring', length: number): number {
  frame.cmd.redirect = kind;
  return length;
}

function heredocStart(s: ShellScanState, frame: CommandFrame, rest: string): number {
  const match = /^<<(-?)[ \t]*((?:[^\s;&|<>()'"\\]|'[^']*'|"[^"]*"|\\.)+)(?=[\s;&|<>()])/.exec(rest);
  if (!match) return 0;
  const raw = match[2] ?? '';
  const delimiter = raw.replace(/\\(.)|['"]/g, '$1');
  s.heredocs.push({ delimiter, stripTabs: match[1] === '-', quoted: /['"\\]/.test(raw), code: false });
  frame.cmd.heredocs += 1;
  return match[0].length;
}

const dollarStep: Step = (s, input, i, ctx) => {
  const next = input[i + 1];
  if (next === undefined) return 0;
  const top = s.stack[s.stack.length - 1];
  const inDouble = top?.kind === 'double' || top?.kind === 'heredoc';
  if (next === '(') {
    if (i + 2 >= input.length) return 0;
    if (input[i + 2] === '(')
      return (notLiteral(s), pushArith(s, '))', false, 'in bash arithmetic ($(( … )))'), 3);
    return (notLiteral(s), pushFrame(s, 'subst', 2));
  }
  if (next === '[') return (notLiteral(s), pushArith(s, ']', false, 'in bash arithmetic ($[ … ])'), 2);
  if (next === '{') return (notLiteral(s), pushFrame(s, 'param', 2));
  if (!inDouble && (next === "'" || next === '"'))
    return (notLiteral(s), pushFrame(s, next === "'" ? 'ansi' : 'double', 2));
  const name = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|([0-9@*_])|([#?$!0-]))/.exec(input.slice(i));
  if (!name) return literal(s, '$', false);
  if (name[1] !== undefined && i + name[0].length >= input.length) return 0;
  const ref = name[1] ?? name[2];
  if (ref === undefined || ref === '0') notLiteral(s);
  else deliverReference(s, ref, name[0], ctx);
  return name[0].length;
};

function arithStep(s: ShellScanState, frame: ArithFrame, input: string, i: number, ctx: ScanContext): number {
  const c = input[i] ?? '';
  if (c === '"' || c === "'") return pushFrame(s, c === "'" ? 'single' : 'double', 1);
  if (frame.closer === '))') {
    if (c === '(') frame.depth += 1;
    if (c === ')' && frame.depth > 0) frame.depth -= 1;
    else if (c === ')') {
      if (i + 1 >= input.length) return 0;
      closeArith(s, ctx);
      return input[i + 1] === ')' ? 2 : 1;
    }
  } else if (c === '[') {
    frame.depth += 1;
  } else if (c === ']') {
    if (frame.depth === 0) return (closeArith(s, ctx), 1);
    frame.depth -= 1;
  }
  return literal(s, c, false, ctx);
}

function paramStep(s: ShellScanState, frame: ParamFrame, input: string, i: number, ctx: ScanContext): number {
  const c = input[i] ?? '';
  if (c === '"' || c === "'") {
    frame.text += c;
    return pushFrame(s, c === "'" ? 'single' : 'double', 1);
  }
  if (c === '}' && frame.depth === 0) return (closeParam(s, ctx), 1);
  if (c === '{') frame.depth += 1;
  if (c === '}') frame.depth -= 1;
  frame.text += c;
  return 1;
}

/** `\x`: the next character is literal (`specials`: in "…" only these are escaped). */
function escaped(s: ShellScanState, input: string, i: number, specials: string | null): number {
  if (i + 1 >= input.length) return 0;
  const next = input[i + 1] ?? '';
  if (next === '\n') return 2;
  if (specials !== null && !specials.includes(next)) literal(s, '\\', true);
  literal(s, next, true);
  return 2;
}

/** A literal character, for whatever owns the text at this point. */
function literal(s: ShellScanState, c: string, quoted: boolean, ctx?: ScanContext): number {
  const owner = ownerOf(s);
  if (isCommandFrame(owner)) {
    addChar(wordOf(owner), c, quoted);
  } else if (owner?.kind === 'arith') {
    if (/[A-Za-z0-9_]/.test(c)) owner.ident += c;
    else flushArithName(owner, ctx?.facts);
  } else if (owner?.kind === 'param') {
    owner.text += c;
  }
  return 1;
}

export function notLiteral(s: ShellScanState): void {
  const owner = ownerOf(s);
  if (isCommandFrame(owner)) addOpaque(wordOf(owner));
  if (owner?.kind === 'arith') owner.ident = '';
}

export function endWord(s: ShellScanState, frame: CommandFrame, ctx: ScanContext, consumed: number): number {
  if (frame.word) {
    const word = finishWord(frame.word);
    frame.word = null;
    commandWord(s, frame, word, ctx);
  }
  return consumed;
}

function pop(s: ShellScanState): number {
  if (s.stack.length > 1) s.stack.pop();
  return 1;
}
