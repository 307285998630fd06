import type { Command } from 'commander';

import type { ReloadView } from '../../api/serialize/serialize-reload.js';
import { EXIT_FAILURE } from '../cli-io.js';
import { callAndPrint } from '../call-and-print.js';
import {
  queryString,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import type { Style } from '../output/style.js';
import { formatIssues } from '../output/format-issues.js';

/** `squall reload`: loads content again; exit 1 when a file failed to load. */
export function registerReloadCommand(program: Command, context: CommandContext): void {
  withCommonOptions(
    program.command('reload').description('reload packs and rules from disk (exit 1 on load errors)'),
  )
    .option('-p, --pack <pack>', 'report only this pack')
    .action(async (options: CommonOptions & { pack?: string }) => {
      const path = `/packs/reload${queryString({ pack: options.pack })}`;
      const report = await callAndPrint(context, options, { method: 'POST', path }, formatReload);
      if (report.issues.some((issue) => issue.severity === 'error')) context.setExitCode(EXIT_FAILURE);
    });
}

export function formatReload(report: ReloadView, style: Style): string {
  const scope = report.pack === undefined ? `${report.packs} packs` : `pack ${report.pack}`;
  return (
    `reloaded ${scope} (content version ${report.version}): ${report.actions} actions, ${report.rules} rules, ` +
    `${report.triggers} trigger types\n${formatIssues(report.issues, style)}`
  );
}
