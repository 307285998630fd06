import {
  addMode,
  modesOf,
  nextOperand,
  type Dispatch,
  type Handler,
  type Stdin,
} from './shell-program-state.js';
import { isShell, operandKinds, programSpec, type ArgKind, type ProgramSpec } from './shell-programs.js';
import { stdinReason } from './shell-reasons.js';
import type { WordRoles } from './shell-roles.js';
import type { ProgramState, Word } from './shell-state.js';
import { NOT_LITERAL, assignmentName } from './shell-words.js';

/**
 * Reads the options and operands of a program of the table (shell-programs.ts): which option
 * takes an argument and of what kind, which flag changes the operands (`bash -c`), where the
 * command of a prefix starts, and whether the program reads code from its input.
 */

export function specHandler(key: string, dispatch: Dispatch): Handler {
  const spec = programSpec(key) as ProgramSpec;
  return {
    word: (state, word, roles) => specWord(key, spec, state, word, roles, dispatch),
    end: (state, stdin, roles) => specEnd(key, spec, state, stdin, roles, dispatch),
  };
}

function specWord(
  key: string,
  spec: ProgramSpec,
  state: ProgramState,
  word: Word,
  roles: WordRoles,
  dispatch: Dispatch,
): ProgramState {
  if (state.inner) return { ...state, inner: dispatch.word(state.inner, word, roles) };
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
  const kinds = operandKinds(spec, modesOf(state.mode));
  const kind = kinds[Math.min(state.operand, kinds.length - 1)] ?? 'text';
  const next = {
    ...state,
    operand: nextOperand(state),
    optionsDone: state.optionsDone || spec.permutes !== true,
  };
  if (kind === 'command') return { ...next, inner: dispatch.start(roles.commandName(word)) };
  // The operand list says what follows an operand; only options switch to `withProgram`.
  return { ...applyKind(kind, word, roles, key, next), mode: next.mode };
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

function specEnd(
  key: string,
  spec: ProgramSpec,
  state: ProgramState,
  stdin: Stdin,
  roles: WordRoles,
  dispatch: Dispatch,
): boolean {
  if (state.inner) {
    const innerCode = dispatch.end(state.inner, stdin, roles);
    if (key === 'xargs' && !dispatch.isPlain(state.inner))
      stdinIsCode(stdin, roles, `xargs (its input becomes arguments of a command that runs code)`);
    return innerCode;
  }
  const modes = modesOf(state.mode);
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

function stdinIsCode(stdin: Stdin, roles: WordRoles, where: string): void {
  const [first] = stdin.outs;
  if (first !== undefined) {
    roles.facts.refuse(stdinReason(where), first);
  }
  for (const name of stdin.refs) roles.facts.use('code', name, `in the input of ${where}`);
}
