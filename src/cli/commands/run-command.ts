import { userInfo } from 'node:os';

import { Option, type Command } from 'commander';

import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import { FINAL_STATUSES } from '../../domain/execution.js';
import { EXIT_FAILURE } from '../cli-io.js';
import {
  encodeRef,
  print,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import type { SquallApi } from '../connect.js';
import { formatExecution } from '../output/format-execution.js';
import { parseParameterArgs } from '../parse-parameter-args.js';

interface RunOptions extends CommonOptions {
  async?: boolean;
  wait?: boolean;
  traceTag?: string;
}

export function registerRunCommand(program: Command, context: CommandContext): void {
  withCommonOptions(
    program
      .command('run <action> [parameters...]')
      .description('run an action: squall run core.local cmd="uptime" (exit 1 when it does not succeed)'),
  )
    .option('--wait', 'wait for the execution to end and print its result (the default)')
    .addOption(new Option('--async', 'print the requested execution and return at once').conflicts('wait'))
    .option('--trace-tag <tag>', 'trace id to group this execution with what it causes')
    .action(async (action: string, args: string[], options: RunOptions) => {
      const parameters = parseParameterArgs(args);
      const execution = await withApi(context, options, async (api) => {
        const requested = await api.call<ExecutionView>('POST', '/executions', {
          action,
          parameters,
          context: { source: 'cli', ...currentUser() },
          ...(options.traceTag ? { trace_tag: options.traceTag } : {}),
        });
        return options.async ? requested : waitForEnd(api, requested.id);
      });
      print(context, options, execution, (style) => formatExecution(execution, style));
      if (!options.async && execution.status !== 'succeeded') context.setExitCode(EXIT_FAILURE);
    });
}

/** Polls the execution until it reaches a final status (quickly at first, then every second). */
export async function waitForEnd(api: SquallApi, id: string): Promise<ExecutionView> {
  let delay = 25;
  for (;;) {
    const execution = await api.call<ExecutionView>('GET', `/executions/${encodeRef(id)}`);
    if (FINAL_STATUSES.has(execution.status)) return execution;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(1000, delay * 2);
  }
}

function currentUser(): { user?: string } {
  try {
    return { user: userInfo().username };
  } catch {
    return {};
  }
}
