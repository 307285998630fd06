import { builtinHandler } from './shell-builtins.js';
import type { Dispatch, Handler, Stdin } from './shell-program-state.js';
import { specHandler } from './shell-program-args.js';
import { programNamed } from './shell-programs.js';
import { DYNAMIC_COMMAND_REASON } from './shell-reasons.js';
import type { WordRoles } from './shell-roles.js';
import type { ProgramState, Word } from './shell-state.js';

export type { Stdin } from './shell-program-state.js';

/**
 * Gives each argument of a simple command its role, command by command: `let` arguments are
 * arithmetic, `read` operands are variable names, `bash -c` takes code, `sudo` runs the command
 * after its options … The state of a command is plain data (ProgramState), so branches of a
 * template can be compared.
 */

/** Handlers no command is named after. */
const AWAITING = '#awaiting';
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
    inner: null,
    target: null,
    items: [],
    assoc: [],
    code: '',
  };
}

function handlerKey(command: string): string {
  if (command === '[') return 'test';
  if (command === 'readarray') return 'mapfile';
  if (command === '.') return 'source';
  if (command === 'find' || builtinHandler(command)) return command;
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

const DISPATCH: Dispatch = { start: startProgram, word: programWord, end: programEnd, isPlain };

function handlerOf(state: ProgramState): Handler {
  if (state.name.startsWith('spec:')) return specHandler(state.name.slice(5), DISPATCH);
  return (
    builtinHandler(state.name) ??
    (Object.hasOwn(HANDLERS, state.name) ? HANDLERS[state.name] : undefined) ??
    PLAIN
  );
}

const PLAIN: Handler = { word: (state) => state };

const HANDLERS: Record<string, Handler> = {
  [PLAIN_KEY]: PLAIN,
  [AWAITING]: { word: (_state, word, roles) => startProgram(roles.commandName(word)) },
  [DYNAMIC]: {
    word(state, word, roles) {
      const value = word.items.find((item) => item.k === 'out' || item.k === 'dout');
      if (value && 'id' in value) roles.facts.refuse(DYNAMIC_COMMAND_REASON, value.id);
      for (const item of word.items) {
        if ('name' in item && item.k !== 'ident') {
          roles.facts.use('code', item.name, 'as an argument of a command named by an expansion');
        }
      }
      return state;
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
        return { ...state, inner: { ...startProgram(null), name: AWAITING } };
      return state;
    },
  },
};
