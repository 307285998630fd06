import {
  isShell,
  operandKinds,
  programNamed,
  programSpec,
  type ArgKind,
  type ProgramSpec,
} from './shell-programs.js';
import { emptyAssignment, throughOutput, type WordRoles } from './shell-roles.js';
import { union, type ProgramState, type StdinItems, type Word } from './shell-state.js';
import { NOT_LITERAL, assignmentName } from './shell-words.js';

/**
 * Gives each argument of a simple command its role, command by command: `let` arguments are
 * arithmetic, `read` operands are variable names, `bash -c` takes code, `sudo` runs the command
 * after its options … The state of a command is plain data (ProgramState), so branches of a
 * template can be compared.
 */

/** What reaches a command's standard input: values, variables, literal text (`<<< 'code'`). */
export interface Stdin extends StdinItems {
  readonly text: string;
}

interface Handler {
  word(state: ProgramState, word: Word, roles: WordRoles): ProgramState;
  /** At the end of the command; true when it reads code from its standard input. */
  end?(state: ProgramState, stdin: Stdin, roles: WordRoles): boolean;
}

const DECLARATIONS = new Set(['declare', 'typeset', 'local', 'export', 'readonly']);
const CODE_BUILTINS = new Set([
  'eval',
  'trap',
  'alias',
  'enable',
  'fc',
  'bind',
  'complete',
  'compgen',
  'hash',
]);
const SHELL_CODE_BUILTINS = new Set(['eval', 'trap']);

/** Handlers no command is named after. */
export const AWAITING_COMMAND = '#awaiting';
const DYNAMIC = '#dynamic';
const PLAIN_KEY = '#plain';

/** The state of a command named `command` (null: named by an expansion). */
export function startProgram(command: string | null): ProgramState {
  return {
    name: command === null ? DYNAMIC : handlerKey(command),
    operand: 0,
    optionsDone: false,
    expect: null,
    mode: '',
    afterOption: false,
    inner: null,
    target: null,
    items: [],
    assoc: [],
    code: '',
  };
}

function handlerKey(command: string): string {
  if (DECLARATIONS.has(command) || CODE_BUILTINS.has(command)) return command;
  if (command === '[') return 'test';
  if (command === 'readarray') return 'mapfile';
  if (command === '.') return 'source';
  if (Object.hasOwn(HANDLERS, command) && !command.startsWith('#')) return command;
  const program = programNamed(command);
  return program ? `spec:${program.key}` : PLAIN_KEY;
}

export function programWord(state: ProgramState, word: Word, roles: WordRoles): ProgramState {
  return handlerOf(state).word(state, word, roles);
}

/** A program that gives its arguments no special meaning. */
export function isPlain(state: ProgramState): boolean {
  return state.name === PLAIN_KEY;
}

export function programEnd(state: ProgramState, stdin: Stdin, roles: WordRoles): boolean {
  const readsStdin = handlerOf(state).end?.(state, stdin, roles) ?? false;
  roles.readCode(state.code);
  return readsStdin;
}

/** The names a command declares associative (`declare -A m`), including behind prefixes. */
export function declaredAssoc(state: ProgramState): string[] {
  return state.inner ? declaredAssoc(state.inner) : state.assoc;
}

function handlerOf(state: ProgramState): Handler {
  if (state.name.startsWith('spec:')) return specHandler(state.name.slice(5));
  if (DECLARATIONS.has(state.name)) return declaration(state.name);
  if (CODE_BUILTINS.has(state.name)) return codeBuiltin(state.name);
  return (Object.hasOwn(HANDLERS, state.name) ? HANDLERS[state.name] : undefined) ?? PLAIN;
}

const PLAIN: Handler = { word: (state) => state };

const HANDLERS: Record<string, Handler> = {
  [PLAIN_KEY]: PLAIN,
  [AWAITING_COMMAND]: { word: (_state, word, roles) => startProgram(roles.commandName(word)) },
  [DYNAMIC]: {
    word(state, word, roles) {
      const value = word.items.find((item) => item.k === 'out' || item.k === 'dout');
      if (value && 'id' in value) {
        roles.facts.refuse(
          'the command name comes from an expansion ($…), so Squall cannot tell whether it runs its arguments as code; write the command name literally',
          value.id,
        );
      }
      for (const item of word.items)
        if ('name' in item && item.k !== 'ident')
          roles.facts.use('code', item.name, 'as an argument of a command named by an expansion');
      return state;
    },
  },
  let: { word: (state, word, roles) => (roles.arith(word, 'in bash arithmetic (let)'), state) },
  read: optionsThenNames('read', 'adinNptu', 'a'),
  mapfile: optionsThenNames('mapfile', 'dnOsucC', ''),
  getopts: {
    word(state, word, roles) {
      if (state.operand === 1) roles.name(word, 'as a variable name (getopts)', 'getopts');
      return { ...state, operand: nextOperand(state) };
    },
  },
  printf: {
    word(state, word, roles) {
      if (state.expect === 'v')
        return { ...state, expect: null, target: roles.name(word, 'as a variable name (printf -v)') };
      if (!state.optionsDone && word.plain && word.text === '-v') return { ...state, expect: 'v' };
      if (!state.optionsDone && word.plain && word.text === '--') return { ...state, optionsDone: true };
      return { ...state, optionsDone: true, items: union(state.items, word.items) };
    },
    end(state, _stdin, roles) {
      if (state.target !== null) roles.facts.assign(state.target, throughOutput(state.items));
      return false;
    },
  },
  test: {
    word(state, word, roles) {
      if (state.expect === 'name') {
        roles.name(word, 'as a variable name (test -v)');
        return { ...state, expect: null };
      }
      if (word.plain && (word.text === '-v' || word.text === '-R')) return { ...state, expect: 'name' };
      const outs = word.items.filter((item) => item.k === 'out').length;
      const check = !word.literal && outs > 1 ? 'operand' : 'test-operand';
      roles.check(word, check, 'as an operand of test / [ … ] (it would be read as an operator)');
      return state;
    },
  },
  unset: {
    word(state, word, roles) {
      if (word.plain && /^-[vfn]+$/.test(word.text))
        return { ...state, mode: addLetters(state.mode, word.text.slice(1)) };
      if (state.mode.includes('f')) return state;
      roles.facts.unset(roles.name(word, 'as a variable name (unset)'));
      return state;
    },
  },
  source: {
    word(state, word, roles) {
      if (state.operand === 0) roles.script(word, 'source');
      return { ...state, operand: nextOperand(state) };
    },
  },
  find: {
    word(state, word, roles) {
      if (state.inner) {
        if (word.plain && (word.text === ';' || word.text === '+')) {
          programEnd(state.inner, { outs: [], refs: [], text: '' }, roles);
          return { ...state, inner: null };
        }
        return { ...state, inner: programWord(state.inner, word, roles) };
      }
      if (word.plain && /^-(?:exec|execdir|ok|okdir)$/.test(word.text))
        return { ...state, inner: { ...startProgram(null), name: AWAITING_COMMAND } };
      return state;
    },
  },
};

function optionsThenNames(command: string, withArgument: string, nameOption: string): Handler {
  return {
    word(state, word, roles) {
      const where = `as a variable name (${command})`;
      if (state.expect === nameOption && nameOption !== '') {
        roles.name(word, where, command);
        return { ...state, expect: null };
      }
      if (state.expect === 'C') return { ...state, expect: null, code: roles.code(word, `${command} -C`) };
      if (state.expect !== null) return { ...state, expect: null };
      if (!state.optionsDone && word.plain && word.text === '--') return { ...state, optionsDone: true };
      if (!state.optionsDone && word.plain && /^-[A-Za-z]+$/.test(word.text)) {
        const letter = [...word.text.slice(1)].find((l) => withArgument.includes(l));
        if (letter === undefined || word.text.endsWith(letter)) return { ...state, expect: letter ?? null };
        const attached = word.text.slice(word.text.indexOf(letter, 1) + 1);
        if (letter === nameOption) roles.facts.assign(attached, { ...emptyAssignment(), opaque: command });
        return state;
      }
      roles.name(word, where, command);
      return { ...state, optionsDone: true };
    },
  };
}

function declaration(builtin: string): Handler {
  const meaningful = builtin === 'export' ? '' : builtin === 'readonly' ? 'aA' : 'aAin';
  return {
    word(state, word, roles) {
      if (!state.optionsDone && word.plain && /^[-+][A-Za-z]+$/.test(word.text)) {
        const letters = word.text.startsWith('-') ? word.text.slice(1) : '';
        return { ...state, mode: addLetters(state.mode, letters) };
      }
      if (!state.optionsDone && word.plain && word.text === '--') return { ...state, optionsDone: true };
      const next = { ...state, optionsDone: true };
      if (/[fFp]/.test(state.mode)) return next;
      const flags = [...state.mode].filter((l) => meaningful.includes(l)).join('');
      const target = roles.assignment(word, flags, true);
      if (target === '*') return next;
      if (word.part !== 'post' && flags.includes('n')) roles.facts.nameref(target, null);
      if (flags.includes('A')) return { ...next, assoc: union(next.assoc, [target]) };
      if (builtin !== 'export' && builtin !== 'readonly') roles.facts.redeclare(target);
      return next;
    },
  };
}

function codeBuiltin(builtin: string): Handler {
  return {
    word(state, word, roles) {
      const text = roles.code(word, builtin);
      return SHELL_CODE_BUILTINS.has(builtin) ? { ...state, code: `${state.code} ${text}` } : state;
    },
  };
}

function specHandler(key: string): Handler {
  const spec = programSpec(key) as ProgramSpec;
  return {
    word: (state, word, roles) => specWord(key, spec, state, word, roles),
    end: (state, stdin, roles) => specEnd(key, spec, state, stdin, roles),
  };
}

function specWord(
  key: string,
  spec: ProgramSpec,
  state: ProgramState,
  word: Word,
  roles: WordRoles,
): ProgramState {
  if (state.inner) return { ...state, inner: programWord(state.inner, word, roles) };
  if (state.expect !== null) {
    const [kind, option] = state.expect.split(' ') as [ArgKind, string];
    return applyKind(kind, word, roles, `${key} ${option}`, { ...state, expect: null });
  }
  if (!state.optionsDone && word.plain && word.text === '--') return { ...state, optionsDone: true };
  if (!state.optionsDone && isOption(spec, word)) return option(key, spec, state, word, roles);
  if (!state.optionsDone)
    roles.check(word, 'operand', `as an argument of ${key} (it would be read as an option)`);
  if (spec.assignments && state.operand === 0 && assignmentName(word) !== null) {
    roles.assignment(word);
    return state;
  }
  const kinds = operandKinds(spec, modesOf(state));
  const kind = kinds[Math.min(state.operand, kinds.length - 1)] ?? 'text';
  const next = {
    ...state,
    operand: nextOperand(state),
    optionsDone: state.optionsDone || spec.permutes !== true,
  };
  if (kind === 'command') return { ...next, inner: startProgram(roles.commandName(word)) };
  return applyKind(kind, word, roles, key, next);
}

function isOption(spec: ProgramSpec, word: Word): boolean {
  if (word.startsWithOutput || word.text.length < 2) return false;
  return word.text.startsWith('-') || (spec.plusOptions === true && word.text.startsWith('+'));
}

function option(
  key: string,
  spec: ProgramSpec,
  state: ProgramState,
  word: Word,
  roles: WordRoles,
): ProgramState {
  const text = word.text;
  const whole = argKind(spec, text);
  if (whole) return { ...state, expect: `${whole} ${text}` };
  const long = /^(--?[A-Za-z][\w-]*)=/.exec(text);
  if (long?.[1]) {
    const kind = argKind(spec, long[1]);
    return kind ? applyKind(kind, word, roles, `${key} ${long[1]}`, state) : state;
  }
  if (text.startsWith('--')) return state;
  let mode = state.mode;
  for (let j = 1; j < text.length; j += 1) {
    const letter = text[j] ?? '';
    if (letter === NOT_LITERAL) {
      roles.code(word, `${key} (a value inside its options)`);
      return state;
    }
    const kind = argKind(spec, `${text[0]}${letter}`);
    if (kind && j + 1 < text.length) {
      const attached = { ...word, text: text.slice(j + 1) };
      return applyKind(kind, attached, roles, `${key} -${letter}`, { ...state, mode });
    }
    if (kind) return { ...state, mode, expect: `${kind} -${letter}` };
    const flag = spec.flags?.[letter];
    if (flag) mode = addMode(mode, flag);
  }
  return { ...state, mode };
}

function argKind(spec: ProgramSpec, option: string): ArgKind | undefined {
  return spec.args && Object.hasOwn(spec.args, option) ? spec.args[option] : undefined;
}

/** Applies an option's or operand's kind to the word (a program may now be given). */
function applyKind(
  kind: ArgKind,
  word: Word,
  roles: WordRoles,
  where: string,
  state: ProgramState,
): ProgramState {
  let code = state.code;
  if (kind === 'code' || kind === 'shell' || kind === 'code-option') {
    const text = roles.code(word, where);
    if (kind === 'shell') code = `${code} ${text}`;
  }
  if (kind === 'script' || kind === 'script-option') roles.script(word, where);
  const program = kind === 'code' || kind === 'shell' || kind === 'script';
  return { ...state, code, mode: program ? addMode(state.mode, 'program') : state.mode };
}

function modesOf(state: ProgramState): string[] {
  return state.mode.split(' ').filter(Boolean);
}

function specEnd(
  key: string,
  spec: ProgramSpec,
  state: ProgramState,
  stdin: Stdin,
  roles: WordRoles,
): boolean {
  if (state.inner) {
    const innerCode = programEnd(state.inner, stdin, roles);
    if (key === 'xargs' && !isPlain(state.inner))
      stdinIsCode(stdin, roles, `xargs (its input becomes arguments of a command that runs code)`);
    return innerCode;
  }
  const modes = modesOf(state);
  const programGiven =
    modes.includes('program') || modes.includes('code-operand') || modes.includes('all-code');
  const readsStdin =
    modes.includes('stdin') ||
    (modes.includes('all-code') && state.operand === 0) ||
    (spec.stdinBelow !== undefined && !programGiven && state.operand < spec.stdinBelow);
  if (readsStdin) stdinIsCode(stdin, roles, `${key} (it reads the code to run from its input)`);
  if (readsStdin && isShell(key)) roles.readCode(stdin.text);
  return readsStdin;
}

function stdinIsCode(stdin: StdinItems, roles: WordRoles, where: string): void {
  const [first] = stdin.outs;
  if (first !== undefined) {
    roles.facts.refuse(
      `a {{ … }} value reaches the input of ${where}; pass it as an argument or an environment variable of a fixed script instead`,
      first,
    );
  }
  for (const name of stdin.refs) roles.facts.use('code', name, `in the input of ${where}`);
}

/** Operands past the fourth mean the same as the fourth (keeps states finite in loops). */
function nextOperand(state: ProgramState): number {
  return Math.min(state.operand + 1, 4);
}

function addMode(mode: string, added: string): string {
  return modesOf({ mode } as ProgramState).includes(added) ? mode : `${mode} ${added}`.trim();
}

function addLetters(mode: string, letters: string): string {
  return [...new Set([...mode, ...letters])].join('');
}
