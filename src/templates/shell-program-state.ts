import type { WordRoles } from './shell-roles.js';
import type { ProgramState, Flow, Word } from './shell-state.js';

/** What reaches a command's standard input: values, variables, literal text (`<<< 'code'`). */
export interface Stdin extends Flow {
  readonly text: string;
}

/** Gives the words of one kind of command their roles. */
export interface Handler {
  word(state: ProgramState, word: Word, roles: WordRoles): ProgramState;
  /** At the end of the command; true when it reads code from its standard input. */
  end?(state: ProgramState, stdin: Stdin, roles: WordRoles): boolean;
}

/** Starting, feeding and ending the command a prefix (`sudo`, `find -exec`) runs. */
export interface Dispatch {
  start(command: string | null): ProgramState;
  word(state: ProgramState, word: Word, roles: WordRoles): ProgramState;
  end(state: ProgramState, stdin: Stdin, roles: WordRoles): boolean;
  isPlain(state: ProgramState): boolean;
}

/** Operands past the fourth mean the same as the fourth (keeps states finite in loops). */
export function nextOperand(state: ProgramState): number {
  return Math.min(state.operand + 1, 4);
}

export function addMode(mode: string, added: string): string {
  return modesOf(mode).includes(added) ? mode : `${mode} ${added}`.trim();
}

export function modesOf(mode: string): string[] {
  return mode.split(' ').filter(Boolean);
}

export function addLetters(mode: string, letters: string): string {
  return [...new Set([...mode, ...letters])].join('');
}
