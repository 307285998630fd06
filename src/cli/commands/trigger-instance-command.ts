import type { Command } from 'commander';

import type { TriggerInstanceView } from '../../api/serialize/serialize-trigger-instance.js';
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
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import { styleStatus, type Style } from '../output/style.js';

interface ListOptions extends CommonOptions {
  trigger?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

export function registerTriggerInstanceCommand(program: Command, context: CommandContext): void {
  const command = program.command('trigger-instance').description('events received, newest first');

  withCommonOptions(command.command('list').description('list trigger instances'))
    .option('-t, --trigger <ref>', 'only this trigger type')
    .option('-s, --status <status>', 'pending, processed, processing_failed or invalid')
    .option('-n, --limit <count>', 'how many (0: all)', parseCount, 50)
    .option('--offset <count>', 'skip this many', parseCount)
    .action(async (options: ListOptions) => {
      const path = `/triggerinstances${queryString({
        trigger: options.trigger,
        status: options.status,
        limit: options.limit,
        offset: options.offset,
      })}`;
      const instances = await withApi(context, options, (api) =>
        api.call<TriggerInstanceView[]>('GET', path),
      );
      print(context, options, instances, (style) => formatTriggerInstanceTable(instances, style));
    });

  withCommonOptions(
    command.command('get <id>').description('show one trigger instance and its payload'),
  ).action(async (id: string, options: CommonOptions) => {
    const instance = await withApi(context, options, (api) =>
      api.call<TriggerInstanceView>('GET', `/triggerinstances/${encodeRef(id)}`),
    );
    print(context, options, instance, (style) => formatTriggerInstance(instance, style));
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
