import type { Command } from 'commander';

import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import {
  encodeRef,
  parseCount,
  print,
  queryString,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatExecution, formatExecutionTable } from '../output/format-execution.js';

interface ListOptions extends CommonOptions {
  action?: string;
  status?: string;
  rule?: string;
  triggerInstance?: string;
  limit?: number;
  offset?: number;
}

export function registerExecutionCommand(program: Command, context: CommandContext): void {
  const command = program.command('execution').description('runs of actions, newest first');

  withCommonOptions(command.command('list').description('list executions'))
    .option('-a, --action <ref>', 'only this action')
    .option('-s, --status <status>', 'only these statuses (comma-separated)')
    .option('-r, --rule <ref>', 'only executions this rule started')
    .option('--trigger-instance <id>', 'only executions of this trigger instance')
    .option('-n, --limit <count>', 'how many (0: all)', parseCount, 50)
    .option('--offset <count>', 'skip this many', parseCount)
    .action(async (options: ListOptions) => {
      const path = `/executions${queryString({
        action: options.action,
        status: options.status,
        rule: options.rule,
        trigger_instance: options.triggerInstance,
        limit: options.limit,
        offset: options.offset,
      })}`;
      const executions = await withApi(context, options, (api) => api.call<ExecutionView[]>('GET', path));
      print(context, options, executions, (style) => formatExecutionTable(executions, style));
    });

  withCommonOptions(command.command('get <id>').description('show one execution and its output')).action(
    async (id: string, options: CommonOptions) => {
      const execution = await withApi(context, options, (api) =>
        api.call<ExecutionView>('GET', `/executions/${encodeRef(id)}`),
      );
      print(context, options, execution, (style) => formatExecution(execution, style));
    },
  );

  withCommonOptions(
    command.command('cancel <id>').description('cancel a queued or running execution'),
  ).action(async (id: string, options: CommonOptions) => {
    const execution = await withApi(context, options, (api) =>
      api.call<ExecutionView>('DELETE', `/executions/${encodeRef(id)}`),
    );
    print(context, options, execution, (style) => formatExecution(execution, style));
  });
}
