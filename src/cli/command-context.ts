import { InvalidArgumentError, type Command } from 'commander';

import { resolveSquallHome } from '../config/squall-home.js';

import type { CliIo } from './cli-io.js';
import { connect, type SquallApi } from './connect.js';
import { styleFor, type Style } from './output/style.js';

/** What every command gets: where to write, and how to set the exit code. */
export interface CommandContext {
  io: CliIo;
  /** Sets this run's exit code (0 ok, 1 failure/no match, 2 invalid input). */
  setExitCode(code: number): void;
}

export interface CommonOptions {
  home?: string;
  json?: boolean;
}

/** `--home` and `--json`, which every command takes. */
export function withCommonOptions(command: Command): Command {
  return command
    .option(
      '--home <dir>',
      'the Squall home (packs/, rules/, squall.yaml, data/) (default: $SQUALL_HOME, else the nearest .squall/ folder, else ./.squall)',
    )
    .option('--json', 'print stable JSON on stdout (logs stay on stderr)');
}

export interface PagingOptions {
  limit?: number;
  offset?: number;
}

/** `--limit` (50 unless given; 0: all) and `--offset`, for lists the API pages. */
export function withPaging(command: Command): Command {
  return command
    .option('-n, --limit <count>', 'how many (0: all)', parseCount, 50)
    .option('--offset <count>', 'skip this many', parseCount);
}

export function resolveHome(options: CommonOptions, io: CliIo): string {
  return resolveSquallHome({ flag: options.home, env: io.env, cwd: io.cwd });
}

/** Opens the API for the home (the running server, or the engine in-process) around `work`. */
export async function withApi<T>(
  context: CommandContext,
  options: CommonOptions,
  work: (api: SquallApi) => Promise<T>,
): Promise<T> {
  const api = await connect(resolveHome(options, context.io), context.io);
  try {
    return await work(api);
  } finally {
    await api.close();
  }
}

/** JSON (two-space indented, one document) with `--json`; otherwise the human rendering. */
export function print(
  context: CommandContext,
  options: CommonOptions,
  value: unknown,
  human: (style: Style) => string,
): void {
  context.io.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : human(styleFor(context.io)));
}

/** A query string from the options that are set. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export function encodeRef(ref: string): string {
  return encodeURIComponent(ref);
}

/** Commander option parser for whole numbers >= 0. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number >= 0, got "${value}"`);
  return Number(value);
}
