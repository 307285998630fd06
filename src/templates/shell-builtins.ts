import { addLetters, nextOperand, type Handler } from './shell-program-state.js';
import { emptyAssignment, throughOutput } from './shell-roles.js';
import { union } from './shell-state.js';

/**
 * The roles of the arguments of bash builtins: `let` takes arithmetic, `read`, `mapfile`,
 * `getopts`, `printf -v` and `test -v` take variable names, `declare` and friends take
 * assignments with attributes (`-i` integer, `-n` reference, `-A` associative), `eval` and `trap`
 * take code.
 */

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
/** Builtins whose arguments are shell code (read by Squall too); `alias` after its `name=`. */
const SHELL_CODE_BUILTINS = new Set(['eval', 'trap', 'alias', 'compgen', 'complete']);

const BUILTINS: Record<string, Handler> = {
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
};

/** The handler of a builtin, or undefined. */
export function builtinHandler(name: string): Handler | undefined {
  if (DECLARATIONS.has(name)) return declaration(name);
  if (CODE_BUILTINS.has(name)) return codeBuiltin(name);
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}

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
      if (!SHELL_CODE_BUILTINS.has(builtin)) return state;
      if (builtin === 'alias')
        return { ...state, code: `${state.code}\n${text.slice(text.indexOf('=') + 1)}` };
      return { ...state, code: `${state.code} ${text}` };
    },
  };
}
