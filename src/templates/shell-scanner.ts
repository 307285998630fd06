import type { ShellQuoteContext } from './shell-quote.js';

/**
 * Follows the literal text of a shell command template so that each `{{ expression }}` can be
 * quoted for the context it stands in. It tracks what changes how a shell reads the next
 * character: quotes, command substitution, comments and here-documents.
 */
type Frame = 'command' | 'subst' | 'group' | 'double' | 'single' | 'ansi' | 'backtick' | 'param' | 'arith';

interface Heredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
}

export interface ShellScanState {
  readonly stack: readonly Frame[];
  /** Text whose meaning depends on what follows (`$`, `\`, an unfinished `<<WORD`). */
  readonly pending: string;
  /** At the start of a word; 'maybe' after branches that disagree. */
  readonly wordStart: boolean | 'maybe';
  /** A `#` was met where it may or may not start a comment: no value can be placed after it. */
  readonly ambiguous: boolean;
  readonly comment: boolean;
  /** Here-documents announced on the current line, or whose body is being read. */
  readonly heredocs: readonly Heredoc[];
  readonly inHeredocBody: boolean;
  readonly heredocLine: string;
}

export const INITIAL_SHELL_STATE: ShellScanState = {
  stack: ['command'],
  pending: '',
  wordStart: true,
  ambiguous: false,
  comment: false,
  heredocs: [],
  inHeredocBody: false,
  heredocLine: '',
};

const COMMAND_FRAMES: ReadonlySet<Frame> = new Set(['command', 'subst', 'group', 'param']);
const WORD_BREAKS = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

type Working = {
  -readonly [K in keyof ShellScanState]: ShellScanState[K] extends readonly (infer T)[]
    ? T[]
    : ShellScanState[K];
};

export function scanShellText(state: ShellScanState, text: string): ShellScanState {
  const s: Working = { ...state, stack: [...state.stack], heredocs: [...state.heredocs], pending: '' };
  const input = state.pending + text;
  let i = 0;
  while (i < input.length) {
    const consumed = step(s, input, i);
    if (consumed === 0) {
      s.pending = input.slice(i);
      break;
    }
    i += consumed;
  }
  return s;
}

/** How many characters were consumed; 0 means "need more text" (the rest becomes pending). */
function step(s: Working, input: string, i: number): number {
  const c = input[i] ?? '';
  if (s.inHeredocBody) return heredocBodyStep(s, c);
  if (s.comment) {
    if (c === '\n') s.comment = false;
    else return 1;
  }
  const frame = s.stack[s.stack.length - 1] ?? 'command';
  if (frame === 'single') return closeOn(s, c, "'");
  if (c === '\\') {
    if (i + 1 >= input.length) return 0;
    s.wordStart = false;
    return 2;
  }
  if (frame === 'ansi') return closeOn(s, c, "'");
  if (frame === 'backtick') return closeOn(s, c, '`');
  if (frame === 'arith') return arithStep(s, c);
  if (c === '$') return dollarStep(s, input, i, frame);
  if (c === '`') return push(s, 'backtick', 1);
  if (frame === 'double') return closeOn(s, c, '"');
  return commandStep(s, input, i, frame);
}

function commandStep(s: Working, input: string, i: number, frame: Frame): number {
  const c = input[i] ?? '';
  if (c === "'") return push(s, 'single', 1);
  if (c === '"') return push(s, 'double', 1);
  if (c === '#' && s.wordStart === 'maybe') s.ambiguous = true;
  if (c === '#' && s.wordStart === true) {
    s.comment = true;
    return 1;
  }
  if (c === '}' && frame === 'param') return pop(s, 1);
  if (c === '(') return push(s, 'group', 1, true);
  if (c === ')' && (frame === 'group' || frame === 'subst')) return pop(s, 1, true);
  if (c === '<' && input[i + 1] === '<') return heredocStart(s, input, i);
  if (c === '<' && i + 1 >= input.length) return 0;
  if (c === '\n' && s.heredocs.length > 0) s.inHeredocBody = true;
  s.wordStart = WORD_BREAKS.has(c);
  return 1;
}

function dollarStep(s: Working, input: string, i: number, frame: Frame): number {
  const next = input[i + 1];
  if (next === undefined) return 0;
  if (next === '(') {
    if (i + 2 >= input.length) return 0;
    if (input[i + 2] === '(') {
      s.stack.push('arith', 'arith');
      s.wordStart = false;
      return 3;
    }
    return push(s, 'subst', 2, true);
  }
  if (next === '{') return push(s, 'param', 2);
  if (frame !== 'double' && next === "'") return push(s, 'ansi', 2);
  if (frame !== 'double' && next === '"') return push(s, 'double', 2);
  s.wordStart = false;
  return 1;
}

function arithStep(s: Working, c: string): number {
  if (c === '(') s.stack.push('arith');
  else if (c === ')') s.stack.pop();
  return 1;
}

function heredocStart(s: Working, input: string, i: number): number {
  if (input[i + 2] === '<') {
    s.wordStart = true;
    return 3;
  }
  const match = /^<<(-?)[ \t]*((?:[^\s;&|<>()'"\\]|'[^']*'|"[^"]*"|\\.)+)(?=[\s;&|<>()])/.exec(
    input.slice(i),
  );
  if (!match) return 0;
  const delimiter = (match[2] ?? '').replace(/\\(.)|['"]/g, '$1');
  s.heredocs.push({ delimiter, stripTabs: match[1] === '-' });
  s.wordStart = false;
  return match[0].length;
}

function heredocBodyStep(s: Working, c: string): number {
  if (c !== '\n') {
    s.heredocLine += c;
    return 1;
  }
  const current = s.heredocs[0];
  const line = current?.stripTabs ? s.heredocLine.replace(/^\t+/, '') : s.heredocLine;
  s.heredocLine = '';
  if (current && line === current.delimiter) {
    s.heredocs.shift();
    if (s.heredocs.length === 0) {
      s.inHeredocBody = false;
      s.wordStart = true;
    }
  }
  return 1;
}

function closeOn(s: Working, c: string, closer: string): number {
  if (c === closer) s.stack.pop();
  s.wordStart = false;
  return 1;
}

function push(s: Working, frame: Frame, length: number, wordStart = false): number {
  s.stack.push(frame);
  s.wordStart = wordStart;
  return length;
}

function pop(s: Working, length: number, wordStart = false): number {
  if (s.stack.length > 1) s.stack.pop();
  s.wordStart = wordStart;
  return length;
}

/**
 * Resolves text whose meaning depended on what follows, now that an output follows it: `$(`
 * opens a command substitution and `<` is a redirection.
 */
export function settlePending(state: ShellScanState): ShellScanState {
  if (state.pending === '$(')
    return { ...state, pending: '', stack: [...state.stack, 'subst'], wordStart: true };
  if (state.pending === '<') return { ...state, pending: '', wordStart: false };
  return state;
}

/** The context an output at this point stands in, or why no value can be placed there safely. */
export function outputContext(state: ShellScanState): ShellQuoteContext | { unsafe: string } {
  if (state.pending.startsWith('\\')) return { unsafe: 'right after a backslash' };
  if (state.pending.startsWith('$')) return { unsafe: 'right after "$"' };
  if (state.pending.startsWith('<<')) return { unsafe: 'in a here-document delimiter' };
  if (state.inHeredocBody) {
    return { unsafe: 'inside a here-document (pass the value through a variable or a file instead)' };
  }
  if (state.comment) return { unsafe: 'inside a shell comment' };
  if (state.ambiguous)
    return { unsafe: 'after a "#" that starts a comment in some branches and not in others' };
  const frame = state.stack[state.stack.length - 1] ?? 'command';
  if (frame === 'double') return 'double';
  if (frame === 'single') return 'single';
  if (COMMAND_FRAMES.has(frame) && frame !== 'param') return 'unquoted';
  return { unsafe: UNSAFE_FRAMES[frame] ?? `inside ${frame}` };
}

const UNSAFE_FRAMES: Partial<Record<Frame, string>> = {
  ansi: "inside $'…' quoting",
  backtick: 'inside `…` (use $(…) instead)',
  param: 'inside ${…}',
  arith: 'inside $((…)) (assign the value to a variable first)',
};

/** State after an output: the quoted value is one complete word piece. */
export function afterOutput(state: ShellScanState): ShellScanState {
  return { ...state, wordStart: false };
}

/** Joins the states two branches end in, or undefined when they quote differently. */
export function mergeShellStates(a: ShellScanState, b: ShellScanState): ShellScanState | undefined {
  const key = (x: ShellScanState): string =>
    JSON.stringify([x.stack, x.pending, x.comment, x.heredocs, x.inHeredocBody, x.heredocLine]);
  if (key(a) !== key(b)) return undefined;
  return {
    ...a,
    wordStart: a.wordStart === b.wordStart ? a.wordStart : 'maybe',
    ambiguous: a.ambiguous || b.ambiguous,
  };
}

export function sameShellState(a: ShellScanState, b: ShellScanState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeShellState(state: ShellScanState): string {
  const frame = state.stack[state.stack.length - 1] ?? 'command';
  if (state.inHeredocBody) return 'inside a here-document';
  if (state.comment) return 'inside a comment';
  return frame === 'command' ? 'unquoted' : `inside ${frame}`;
}
