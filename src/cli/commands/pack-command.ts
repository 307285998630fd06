import type { Command } from 'commander';

import type { PackView } from '../../api/serialize/serialize-pack.js';
import { callAndPrint } from '../call-and-print.js';
import { encodeRef, withCommonOptions, type CommandContext, type CommonOptions } from '../command-context.js';
import { describePackContent } from '../../snapshot/pack-content.js';
import { formatIssues, formatUnsupported } from '../output/format-issues.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';
import { registerPackConfigCommand } from './pack-config-command.js';
import { registerPackInstallCommand } from './pack-install-command.js';
import { registerPackRemoveCommand } from './pack-remove-command.js';
import { registerPackSetupVenvCommand } from './pack-setup-venv-command.js';

export function registerPackCommand(program: Command, context: CommandContext): void {
  const pack = program.command('pack').description('packs: bundles of actions, rules, sensors and aliases');

  withCommonOptions(pack.command('list').description('list packs, with what each loaded')).action(
    async (options: CommonOptions) => {
      await callAndPrint(context, options, '/packs', formatPackTable);
    },
  );

  withCommonOptions(pack.command('get <ref>').description('show one pack and its load errors')).action(
    async (ref: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/packs/${encodeRef(ref)}`, formatPack);
    },
  );
  registerPackInstallCommand(pack, context);
  registerPackRemoveCommand(pack, context);
  registerPackConfigCommand(pack, context);
  registerPackSetupVenvCommand(pack, context);
}

export function formatPackTable(packs: readonly PackView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (p: PackView) => p.ref },
      { header: 'version', value: (p: PackView) => p.version },
      { header: 'actions', value: (p: PackView) => p.content.actions },
      { header: 'rules', value: (p: PackView) => p.content.rules },
      { header: 'triggers', value: (p: PackView) => p.content.triggers },
      {
        header: 'issues',
        value: (p: PackView) => p.issues.length,
        style: (text) => (text.trim() === '0' ? text : style.red(text)),
      },
      { header: 'source', value: (p: PackView) => (p.bundled ? 'bundled' : p.path) },
    ],
    packs,
    style,
  );
}

export function formatPack(pack: PackView, style: Style): string {
  return (
    formatRecord(
      [
        { label: 'ref', value: pack.ref },
        { label: 'name', value: pack.name },
        { label: 'version', value: pack.version },
        { label: 'author', value: pack.author },
        { label: 'description', value: pack.description },
        { label: 'path', value: pack.path },
        { label: 'bundled', value: pack.bundled },
        { label: 'source', value: pack.source },
        { label: 'content', value: describePackContent(pack.content) },
      ],
      style,
    ) +
    formatUnsupported(pack.content.unsupported, style) +
    formatIssues(pack.issues, style)
  );
}
