import type { Command } from 'commander';

import { removePack, type RemoveResult } from '../../packs/manage/remove-pack.js';
import {
  print,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { openLocalHome } from './pack-local-home.js';

/** `squall pack remove <name...>` (alias `uninstall`): deletes installed packs and reloads. */
export function registerPackRemoveCommand(pack: Command, context: CommandContext): void {
  withCommonOptions(
    pack
      .command('remove <name...>')
      .alias('uninstall')
      .description('remove installed packs (bundled packs stay)'),
  ).action(async (names: string[], options: CommonOptions) => {
    const local = await openLocalHome(resolveHome(options, context.io), context.io);
    const removed: RemoveResult[] = [];
    for (const name of names) removed.push(await removePack(name, local));
    print(context, options, { removed }, () =>
      removed
        .map((pack) => `removed ${pack.ref}${pack.version ? ` ${pack.version}` : ''} (${pack.dir})\n`)
        .join(''),
    );
  });
}
