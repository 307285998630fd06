import { Option, type Command } from 'commander';

import type { OutputType } from '../../domain/execution-output.js';
import {
  encodeRef,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { parseParameterArgs } from '../parse-parameter-args.js';
import { tailExecution } from '../tail-execution.js';
import { currentUser, requestExecution } from './run-command.js';

interface TailOptions extends CommonOptions {
  type?: OutputType;
}

interface ReRunOptions extends CommonOptions {
  tasks?: string;
  reset?: string;
  merge?: boolean;
  async?: boolean;
}

/** `execution tail` and `execution re-run` (st2's verbs). */
export function registerExecutionFollowCommands(command: Command, context: CommandContext): void {
  withCommonOptions(
    command
      .command('tail <id>')
      .description('print what a running execution prints, live, until it completes (st2 execution tail)'),
  )
    .addOption(new Option('--type <stream>', 'only this output stream').choices(['stdout', 'stderr']))
    .action(async (id: string, options: TailOptions) => {
      const { stdout } = context.io;
      await withApi(context, options, async (api) => {
        const ended = await tailExecution(api, id, {
          ...(options.type ? { outputType: options.type } : {}),
          write: (text) => (options.json ? undefined : stdout.write(text)),
          note: (text) => (options.json ? undefined : stdout.write(text)),
        });
        if (options.json) stdout.write(`${JSON.stringify(ended, null, 2)}\n`);
      });
    });

  withCommonOptions(
    command
      .command('re-run <id> [parameters...]')
      .description(
        're-run an execution: same action, its parameters with the given name=value ones over them (exit 1 when it does not succeed)',
      ),
  )
    .option('--tasks <names>', 'workflow tasks to re-run from (comma-separated)')
    .option('--reset <names>', 'of those tasks, the ones whose state is reset (comma-separated)')
    .option('--no-merge', "use only the given parameters, not the original's")
    .option('--async', 'print the requested execution and return at once')
    .action(async (id: string, args: string[], options: ReRunOptions) => {
      const parameters = parseParameterArgs(args);
      const body = {
        parameters,
        ...(options.tasks ? { tasks: splitList(options.tasks) } : {}),
        ...(options.reset ? { reset: splitList(options.reset) } : {}),
        ...(options.merge === false ? { no_merge: true } : {}),
        ...currentUser(),
        context: { source: 'cli' },
      };
      await requestExecution(context, options, `/executions/${encodeRef(id)}/re_run`, body);
    });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
