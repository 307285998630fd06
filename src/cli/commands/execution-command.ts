import type { Command } from 'commander';

import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  withPaging,
  type CommandContext,
  type CommonOptions,
  type PagingOptions,
} from '../command-context.js';
import { formatExecution, formatExecutionTable } from '../output/format-execution.js';

interface ListOptions extends CommonOptions, PagingOptions {
  action?: string;
  status?: string;
  rule?: string;
  triggerInstance?: string;
  parent?: string;
}

export function registerExecutionCommand(program: Command, context: CommandContext): void {
  const command = program.command('execution').description('runs of actions, newest first');

  withPaging(
    withCommonOptions(command.command('list').description('list executions'))
      .option('-a, --action <ref>', 'only this action')
      .option('-s, --status <status>', 'only these statuses (comma-separated)')
      .option('-r, --rule <ref>', 'only executions this rule started')
      .option('--trigger-instance <id>', 'only executions of this trigger instance')
      .option('--parent <id>', "only this workflow's task executions"),
  ).action(async (options: ListOptions) => {
    const path = `/executions${queryString({
      action: options.action,
      status: options.status,
      rule: options.rule,
      trigger_instance: options.triggerInstance,
      parent: options.parent,
      limit: options.limit,
      offset: options.offset,
    })}`;
    await callAndPrint(context, options, path, formatExecutionTable);
  });

  withCommonOptions(command.command('get <id>').description('show one execution and its output')).action(
    async (id: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/executions/${encodeRef(id)}`, formatExecution);
    },
  );

  withCommonOptions(
    command.command('cancel <id>').description('cancel a queued or running execution'),
  ).action(async (id: string, options: CommonOptions) => {
    const request = { method: 'DELETE', path: `/executions/${encodeRef(id)}` } as const;
    await callAndPrint(context, options, request, formatExecution);
  });

  for (const [verb, status, what] of [
    ['pause', 'pausing', 'pause a workflow: running tasks finish, no new task starts'],
    ['resume', 'resuming', 'resume a paused workflow'],
  ] as const) {
    withCommonOptions(command.command(`${verb} <id>`).description(what)).action(
      async (id: string, options: CommonOptions) => {
        const request = { method: 'PUT', path: `/executions/${encodeRef(id)}`, body: { status } } as const;
        await callAndPrint(context, options, request, formatExecution);
      },
    );
  }
}
