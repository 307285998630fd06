import type { Command } from 'commander';

import type { TriggerInstanceView } from '../../api/serialize/serialize-trigger-instance.js';
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
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import { styleStatus, type Style } from '../output/style.js';

interface ListOptions extends CommonOptions, PagingOptions {
  trigger?: string;
  status?: string;
}

export function registerTriggerInstanceCommand(program: Command, context: CommandContext): void {
  const command = program.command('trigger-instance').description('events received, newest first');

  withPaging(
    withCommonOptions(command.command('list').description('list trigger instances'))
      .option('-t, --trigger <ref>', 'only this trigger type')
      .option('-s, --status <status>', 'pending, processed, processing_failed or invalid'),
  ).action(async (options: ListOptions) => {
    const path = `/triggerinstances${queryString({
      trigger: options.trigger,
      status: options.status,
      limit: options.limit,
      offset: options.offset,
    })}`;
    await callAndPrint(context, options, path, formatTriggerInstanceTable);
  });

  withCommonOptions(
    command.command('get <id>').description('show one trigger instance and its payload'),
  ).action(async (id: string, options: CommonOptions) => {
    await callAndPrint(context, options, `/triggerinstances/${encodeRef(id)}`, formatTriggerInstance);
  });
}

export function formatTriggerInstanceTable(instances: readonly TriggerInstanceView[], style: Style): string {
  return formatTable(
    [
      { header: 'id', value: (i: TriggerInstanceView) => i.id },
      { header: 'trigger', value: (i: TriggerInstanceView) => i.trigger },
      { header: 'occurred', value: (i: TriggerInstanceView) => i.occurrence_time },
      {
        header: 'status',
        value: (i: TriggerInstanceView) => i.status,
        style: (text) => styleStatus(style, text),
      },
    ],
    instances,
    style,
  );
}

export function formatTriggerInstance(instance: TriggerInstanceView, style: Style): string {
  return formatRecord(
    [
      { label: 'id', value: instance.id },
      { label: 'trigger', value: instance.trigger },
      { label: 'trigger_parameters', value: instance.trigger_parameters },
      { label: 'occurrence_time', value: instance.occurrence_time },
      { label: 'status', value: instance.status, style: (text) => styleStatus(style, text) },
      { label: 'error', value: instance.error },
      { label: 'trace_id', value: instance.trace_id },
      { label: 'payload', value: instance.payload },
    ],
    style,
  );
}
