import type { Command } from 'commander';

import { setupVirtualenvs } from '../../packs/venv/setup-virtualenvs.js';
import {
  print,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { openLocalHome } from './pack-local-home.js';

interface SetupVenvOptions extends CommonOptions {
  update?: boolean;
}

/**
 * `squall pack setup-venv <pack...>`: builds the packs' virtualenvs from their requirements.txt
 * (StackStorm's packs.setup_virtualenv). A running server's workers pick the new one up by themselves.
 */
export function registerPackSetupVenvCommand(pack: Command, context: CommandContext): void {
  withCommonOptions(
    pack
      .command('setup-venv <pack...>')
      .description('build the virtualenv of installed packs from their requirements.txt'),
  )
    .option('--update', 'rebuild only when requirements.txt (or the interpreter) changed')
    .action(async (packs: string[], options: SetupVenvOptions) => {
      const { io } = context;
      const local = await openLocalHome(resolveHome(options, io), io);
      const results = await setupVirtualenvs(
        { ...local, onProgress: (_pack, message) => io.stderr.write(`venv: ${message}\n`) },
        packs,
        { update: options.update === true },
      );
      print(context, options, results, () =>
        results
          .map((result) =>
            result.status === 'not needed'
              ? `${result.pack}: no virtualenv needed (no Python actions, sensors or requirements.txt)\n`
              : `${result.pack}: virtualenv ${result.status === 'created' ? 'created' : 'up to date'} at ${result.virtualenv}\n`,
          )
          .join(''),
      );
    });
}
