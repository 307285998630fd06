import path from 'node:path';

import type { Command } from 'commander';

import type { AliasView } from '../../api/serialize/serialize-alias.js';
import { serializeAlias } from '../../api/serialize/serialize-alias.js';
import { findAliasMatches } from '../../chatops/match-alias.js';
import { maskDeep } from '../../security/mask.js';
import { EXIT_FAILURE } from '../cli-io.js';
import { callAndPrint } from '../call-and-print.js';
import {
  queryString,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { loadAliasForMatch, loadHomeAliases } from '../alias-match/load-aliases-for-match.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

interface AliasMatchOptions extends CommonOptions {
  alias?: string;
}

/** `squall alias list` and `squall alias match`: StackStorm action aliases (ChatOps commands). */
export function registerAliasCommand(program: Command, context: CommandContext): void {
  const alias = program.command('alias').description('action aliases: chat commands that run actions');

  withCommonOptions(alias.command('list').description('list action aliases'))
    .option('-p, --pack <pack>', 'only this pack')
    .action(async (options: CommonOptions & { pack?: string }) => {
      await callAndPrint(
        context,
        options,
        `/actionalias${queryString({ pack: options.pack })}`,
        formatAliasTable,
      );
    });

  alias
    .command('match <command>')
    .description(
      'show which alias a chat command runs and the parameters it extracts, as JSON ' +
        '(exit 0 on a match, 1 on none or several, 2 on an invalid alias file); needs no server',
    )
    .option('--alias <file>', 'match against this alias file only')
    .option('--home <dir>', 'the Squall home whose packs are searched (default: as for every command)')
    .action(async (command: string, options: AliasMatchOptions) => {
      const { io } = context;
      const { aliases, issues } = options.alias
        ? { aliases: [await loadAliasForMatch(path.resolve(io.cwd, options.alias))], issues: [] }
        : await loadHomeAliases(resolveHome(options, io));
      for (const issue of issues) io.stderr.write(`load issue: ${issue.message}\n`);
      const matches = findAliasMatches(aliases, command.trim());
      const [match] = matches;
      if (!match || matches.length > 1) {
        io.stderr.write(
          match
            ? `squall: "${command}" matches ${matches.length} aliases: ${matches.map((m) => m.alias.ref).join(', ')}\n`
            : `squall: no enabled alias matches "${command}"\n`,
        );
        context.setExitCode(EXIT_FAILURE);
        return;
      }
      const report = {
        // Printed here rather than served by the API, so URL credentials are masked here.
        actionalias: maskDeep(serializeAlias(match.alias), []),
        display: match.format.display,
        representation: match.format.representation,
        parameters: match.parameters,
      };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
}

export function formatAliasTable(aliases: readonly AliasView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (a: AliasView) => a.ref },
      {
        header: 'enabled',
        value: (a: AliasView) => (a.enabled ? 'enabled' : 'disabled'),
        style: (text) => (text.startsWith('enabled') ? style.green(text) : style.dim(text)),
      },
      { header: 'action', value: (a: AliasView) => a.action_ref },
      { header: 'formats', value: (a: AliasView) => displays(a).join(' | '), maxWidth: 80 },
    ],
    aliases,
    style,
  );
}

function displays(alias: AliasView): string[] {
  return alias.formats.map((format) =>
    typeof format === 'string' ? format : (format.display ?? format.representation?.[0] ?? ''),
  );
}
