import type { Command } from 'commander';

import type { ActionView } from '../../api/serialize/serialize-action.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

export function registerActionCommand(program: Command, context: CommandContext): void {
  const action = program.command('action').description('actions installed by packs');

  withCommonOptions(action.command('list').description('list actions'))
    .option('-p, --pack <pack>', 'only this pack')
    .action(async (options: CommonOptions & { pack?: string }) => {
      await callAndPrint(
        context,
        options,
        `/actions${queryString({ pack: options.pack })}`,
        formatActionTable,
      );
    });

  withCommonOptions(action.command('get <ref>').description('show one action and its parameters')).action(
    async (ref: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/actions/${encodeRef(ref)}`, formatAction);
    },
  );
}

export function formatActionTable(actions: readonly ActionView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (a: ActionView) => a.ref },
      { header: 'runner', value: (a: ActionView) => a.runner_type },
      { header: 'enabled', value: (a: ActionView) => (a.unsupported ? 'unsupported' : a.enabled) },
      { header: 'description', value: (a: ActionView) => a.description },
    ],
    actions,
    style,
  );
}

export function formatAction(action: ActionView, style: Style): string {
  return formatRecord(
    [
      { label: 'ref', value: action.ref },
      { label: 'pack', value: action.pack },
      { label: 'runner_type', value: action.runner_type },
      { label: 'enabled', value: action.enabled },
      { label: 'unsupported', value: action.unsupported },
      { label: 'entry_point', value: action.entry_point || undefined },
      { label: 'description', value: action.description },
      { label: 'parameters', value: action.parameters },
      { label: 'metadata_file', value: action.metadata_file ?? undefined },
    ],
    style,
  );
}
