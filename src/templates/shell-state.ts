/**
 * The state the shell scanner keeps while it follows the literal text of a command template: the
 * open quotes and substitutions (frames), the word being read in each command frame, and what the
 * current simple command is (its name, its options so far, the role of its next word). States are
 * plain data, so that the states two `{% if %}` branches end in can be compared and kept as a set;
 * the scanner copies a state before it changes it.
 */

/** One piece of a word that matters for safety; `part` says where in `NAME[SUB]=VALUE` it stands. */
export type WordPart = 'pre' | 'sub' | 'post';

export type WordItem =
  /** A `{{ … }}` value placed in the word. `glued`: right after a name's letters (`x{{ v }}`). */
  | { k: 'out'; id: string; part: WordPart; glued: boolean }
  /** `$name`, `${name…}`: the variable's value is spliced in. */
  | { k: 'ref'; name: string; part: WordPart }
  /** `${!name}`: the value of the variable that `name` names. */
  | { k: 'iref'; name: string; part: WordPart }
  /** A name written literally (read by arithmetic as a variable). */
  | { k: 'ident'; name: string; part: WordPart }
  /** A value or a variable inside `$(…)` or `<(…)`: it reaches the word through a command. */
  | { k: 'dout'; id: string; part: WordPart }
  | { k: 'dref'; name: string; part: WordPart };

export interface Word {
  /** The literal text with quotes removed (expansions and values as \u0001), capped in length. */
  text: string;
  long: boolean;
  /** Only unquoted literal characters: a word that can be a keyword, an option or a name. */
  plain: boolean;
  part: WordPart;
  subDepth: number;
  /** The `pre` part is so far a literal name: `NAME=…` would be an assignment. */
  preName: string | null;
  /** Letters of a name being read, to find literal names and values glued to them. */
  ident: string;
  /** The word starts with a value (nothing literal before it). */
  startsWithOutput: boolean;
  /** Some literal character is part of the word. */
  literal: boolean;
  items: WordItem[];
}

/** A compound command open in a frame; `own`: what its commands wrote (for a pipe after it). */
export type Block =
  { k: 'if' | 'loop' | 'brace'; own: Flow } | { k: 'case'; at: 'pattern' | 'body'; own: Flow };

/** What a redirection operator makes of the next word. */
export type RedirectKind = 'in' | 'out' | 'herestring';

export type CommandPhase =
  | 'start'
  | 'args'
  | 'cond'
  | 'done'
  | 'for-name'
  | 'for-in'
  | 'for-words'
  | 'case-word'
  | 'case-in'
  | 'func-name';

/** The role a handler gives the next word: `-eq` in `[[ … ]]` makes the next word arithmetic. */
export type NextRole = 'arith' | 'name' | 'regex' | null;

export interface ProgramState {
  /** Key of the handler (a builtin such as `declare`, or a program of the table). */
  name: string;
  operand: number;
  optionsDone: boolean;
  /** The next word is the argument of an option, of this kind. */
  expect: string | null;
  /** Handler-specific mode: shells' `-c`, a program given by an option, `declare`'s flags. */
  mode: string;
  /** Prefix commands (`sudo`, `env`, `timeout` …): the command they run. */
  inner: ProgramState | null;
  /** `printf -v NAME`: the variable being assigned, and what its value is made of. */
  target: string | null;
  items: WordItem[];
  /** Names this command declares associative (`declare -A m`). */
  assoc: string[];
  /** Shell code among its arguments (`bash -c CODE`, `eval ARGS`), read when the command ends. */
  code: string;
}

/** Values (output ids) and variables that flow somewhere: into a command's input, out of a `$(…)`. */
export interface Flow {
  outs: string[];
  refs: string[];
}

export interface SimpleCommand {
  phase: CommandPhase;
  program: ProgramState | null;
  /** `[[ … ]]`: the last operand, for an operator that makes it arithmetic. */
  prev: Word | null;
  next: NextRole;
  redirect: RedirectKind | null;
  /** A prefix assignment was seen (keywords are then plain words). */
  assigned: boolean;
  forVar: string | null;
  /** Values and variables that reach this command's standard input. */
  stdin: Flow;
  /** Literal text it reads from a here-string (`bash <<< 'code'`). */
  stdinText: string;
  /** Values and variables in this command's words (for the next command of a pipeline). */
  own: Flow;
  /** After `&&` / `||`, or in a pipeline: this command does not always run in this shell. */
  conditional: boolean;
  /** Heredocs this command announced (their index in the state's list). */
  heredocs: number;
}

export type CommandFrameKind = 'command' | 'subst' | 'group' | 'backtick' | 'array';

export interface CommandFrame {
  kind: CommandFrameKind;
  word: Word | null;
  cmd: SimpleCommand;
  blocks: Block[];
  /** Every value and variable inside this frame, for the word it stands in once it closes. */
  collected: Flow;
  /** `NAME=(…)`: the array being assigned. */
  array: { target: string; assoc: boolean } | null;
}

export interface ArithFrame {
  kind: 'arith';
  closer: '))' | ']';
  depth: number;
  ident: string;
  /** `(( … ))` as a command (its end returns to the command), or `$(( … ))` inside a word. */
  command: boolean;
  where: string;
}

export interface ParamFrame {
  kind: 'param';
  /** The text between `${` and `}` (nested `$(…)` as a marker). */
  text: string;
  depth: number;
  /** Values and variables of `$(…)` inside it (`${x:-$(cmd)}`). */
  collected: Flow;
}

export interface QuoteFrame {
  kind: 'double' | 'single' | 'ansi';
}

export interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  /** The command reading it runs its input as code (`bash <<EOF`). */
  code: boolean;
}

export interface HeredocFrame {
  kind: 'heredoc';
  doc: Heredoc;
  line: string;
  /** The body so far, when a shell runs it. */
  body: string;
}

export type Frame = CommandFrame | ArithFrame | ParamFrame | QuoteFrame | HeredocFrame;

export interface ShellScanState {
  stack: Frame[];
  /** Text whose meaning depends on what follows (`$`, `\`, `;`, `&`, `|`, an unfinished `<<WORD`). */
  pending: string;
  comment: boolean;
  /** Here-documents announced on the current line, whose bodies start at the next newline. */
  heredocs: Heredoc[];
  /** Associative arrays declared unconditionally at the top level so far. */
  assoc: string[];
}

/** Shared, so frozen: states are changed by replacing their parts, never these. */
export const EMPTY_ITEMS: Flow = Object.freeze({
  outs: Object.freeze([]) as unknown as string[],
  refs: Object.freeze([]) as unknown as string[],
});

export function newCommand(conditional = false, stdin: Flow = EMPTY_ITEMS): SimpleCommand {
  return {
    phase: 'start',
    program: null,
    prev: null,
    next: null,
    redirect: null,
    assigned: false,
    forVar: null,
    stdin,
    stdinText: '',
    own: EMPTY_ITEMS,
    conditional,
    heredocs: 0,
  };
}

export function newCommandFrame(kind: CommandFrameKind): CommandFrame {
  return { kind, word: null, cmd: newCommand(), blocks: [], collected: EMPTY_ITEMS, array: null };
}

export const INITIAL_SHELL_STATE: ShellScanState = {
  stack: [newCommandFrame('command')],
  pending: '',
  comment: false,
  heredocs: [],
  assoc: [],
};

export function isCommandFrame(frame: Frame | undefined): frame is CommandFrame {
  return (
    frame !== undefined &&
    (frame.kind === 'command' ||
      frame.kind === 'subst' ||
      frame.kind === 'group' ||
      frame.kind === 'backtick' ||
      frame.kind === 'array')
  );
}

export function isQuoteFrame(frame: Frame | undefined): frame is QuoteFrame {
  return frame !== undefined && (frame.kind === 'double' || frame.kind === 'single' || frame.kind === 'ansi');
}

export function mergeItems(a: Flow, b: Flow): Flow {
  return { outs: union(a.outs, b.outs), refs: union(a.refs, b.refs) };
}

export function union<T>(a: T[], b: T[]): T[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** What must agree between the states of two branches: the quoting they leave open. */
export function quotingKey(state: ShellScanState): string {
  const frames = state.stack.map((f) =>
    f.kind === 'arith' ? `arith${f.closer}${f.depth}` : f.kind === 'heredoc' ? `heredoc:${f.line}` : f.kind,
  );
  return JSON.stringify([frames, state.pending, state.comment, state.heredocs]);
}

export function stateKey(state: ShellScanState): string {
  return JSON.stringify(state);
}
