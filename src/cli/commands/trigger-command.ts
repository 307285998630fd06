import type { Command } from 'commander';

import type { TriggerTypeView } from '../../api/serialize/serialize-trigger-type.js';
import { callAndPrint } from '../call-and-print.js';
import {
  queryString,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

export function registerTriggerCommand(program: Command, context: CommandContext): void {
  const trigger = program.command('trigger').description('trigger types: the kinds of events rules react to');

  withCommonOptions(trigger.command('list').description('list trigger types'))
    .option('-p, --pack <pack>', 'only this pack')
    .action(async (options: CommonOptions & { pack?: string }) => {
      const path = `/triggertypes${queryString({ pack: options.pack })}`;
      await callAndPrint(context, options, path, formatTriggerTypeTable);
    });
}

export function formatTriggerTypeTable(types: readonly TriggerTypeView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (t: TriggerTypeView) => t.ref },
      { header: 'pack', value: (t: TriggerTypeView) => t.pack },
      { header: 'description', value: (t: TriggerTypeView) => t.description },
    ],
    types,
    style,
  );
}
