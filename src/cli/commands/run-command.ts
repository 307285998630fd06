import { userInfo } from 'node:os';

import { Option, type Command } from 'commander';

import { serializeAction, type ActionView } from '../../api/serialize/serialize-action.js';
import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import { NotFoundError, ValidationError } from '../../common/errors.js';
import { FINAL_STATUSES } from '../../domain/execution.js';
import { EXIT_FAILURE } from '../cli-io.js';
import {
  encodeRef,
  print,
  resolveHome,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import type { SquallApi } from '../connect.js';
import { formatExecution } from '../output/format-execution.js';
import { loadHomeContent } from '../load-home-content.js';
import { formatActionHelp } from '../output/format-action-help.js';
import { parseParameterArgs } from '../parse-parameter-args.js';
import { readServerRecord } from '../server-file.js';

interface RunOptions extends CommonOptions {
  async?: boolean;
  wait?: boolean;
  traceTag?: string;
  help?: boolean;
}

export function registerRunCommand(program: Command, context: CommandContext): void {
  const run = withCommonOptions(
    program
      .command('run [action] [parameters...]')
      .description('run an action: squall run core.local cmd="uptime" (exit 1 when it does not succeed)')
      // `squall run <action> --help` lists the action's parameters, as `st2 run <action> -h` does.
      .helpOption(false),
  );
  run
    .option('-h, --help', "show this help, or with an action the action's parameters")
    .option('--wait', 'wait for the execution to end and print its result (the default)')
    .addOption(new Option('--async', 'print the requested execution and return at once').conflicts('wait'))
    .option('--trace-tag <tag>', 'trace id to group this execution with what it causes')
    .action(async (action: string | undefined, args: string[], options: RunOptions) => {
      if (options.help && !action) {
        run.outputHelp();
        return;
      }
      if (!action) {
        throw new ValidationError(
          'squall run: give the action to run, e.g. squall run core.local cmd="uptime" (squall run --help)',
          { code: 'E_CLI_ARGUMENT' },
        );
      }
      if (options.help) {
        const found = await actionForHelp(context, options, action);
        print(context, options, found, (style) => formatActionHelp(found, style));
        return;
      }
      await requestExecution(context, options, '/executions', {
        action,
        parameters: parseParameterArgs(args),
        context: { source: 'cli', ...currentUser() },
        ...(options.traceTag ? { trace_tag: options.traceTag } : {}),
      });
    });
}

/**
 * POSTs a request for an execution, waits for its end unless `--async`, prints it, and exits 1
 * when a waited-for execution did not succeed (`run`, `execution re-run`).
 */
export async function requestExecution(
  context: CommandContext,
  options: CommonOptions & { async?: boolean },
  path: string,
  body: unknown,
): Promise<void> {
  const execution = await withApi(context, options, async (api) => {
    const requested = await api.call<ExecutionView>('POST', path, body);
    return options.async ? requested : waitForEnd(api, requested.id);
  });
  print(context, options, execution, (style) => formatExecution(execution, style));
  if (!options.async && execution.status !== 'succeeded') context.setExitCode(EXIT_FAILURE);
}

/** The action from the running server, else from the home's content (no engine opened). */
async function actionForHelp(
  context: CommandContext,
  options: CommonOptions,
  ref: string,
): Promise<ActionView> {
  const home = resolveHome(options, context.io);
  if (await readServerRecord(home)) {
    return withApi(context, options, (api) => api.call<ActionView>('GET', `/actions/${encodeRef(ref)}`));
  }
  const action = (await loadHomeContent(home)).actions.get(ref);
  if (!action) {
    throw new NotFoundError(`squall run: action "${ref}" is not installed; see \`squall action list\``, {
      code: 'E_UNKNOWN_ACTION',
    });
  }
  return serializeAction(action);
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

/** The OS user, recorded as who asked. */
export function currentUser(): { user?: string } {
  try {
    return { user: userInfo().username };
  } catch {
    return {};
  }
}
