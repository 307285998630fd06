/**
 * How a program's options and operands are described for shell-program-args.ts: which option
 * takes an argument and of what kind, which flags change the operands, and what they are.
 */

/**
 * What an option's argument or an operand is. `code`, `shell` (shell code, which Squall reads
 * too) and `script` (a file to run) give the program; `code-option` and `script-option` are code
 * or a file to load besides the program (`ssh -o ProxyCommand=…`, `node --require`).
 */
export type ArgKind = 'text' | 'code' | 'shell' | 'script' | 'command' | 'code-option' | 'script-option';

/** How a flag changes the operands. */
export type Mode = 'code-operand' | 'all-code' | 'stdin' | 'lookup' | 'command';

export interface ProgramSpec {
  /** Options that take an argument (as the next word or attached), and what it is. */
  readonly args?: Readonly<Record<string, ArgKind>>;
  /** Single-letter flags that change what the operands are. */
  readonly flags?: Readonly<Record<string, Mode>>;
  /** The operands in order; the last one repeats. */
  readonly operands: readonly ArgKind[];
  /** The operands once an option gave the program (`-c CODE`, `-e`, `-f FILE`). */
  readonly withProgram?: readonly ArgKind[];
  /** Reads its program from standard input while fewer operands than this were given. */
  readonly stdinBelow?: number;
  /** Options may follow operands (GNU getopt), so a value must never look like one. */
  readonly permutes?: boolean;
  /** `NAME=value` operands come first (env, sudo). */
  readonly assignments?: boolean;
  /** Options start with `+` too (`bash +o`). */
  readonly plusOptions?: boolean;
}

/** Options that take a text argument, from a space-separated list. */
export function textArgs(names: string): Record<string, ArgKind> {
  return Object.fromEntries(names.split(' ').map((name) => [name, 'text' as const]));
}
