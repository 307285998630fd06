import type { Command } from 'commander';

import {
  describePackConfig,
  type PackConfigDescription,
  type PackConfigReport,
} from '../../packs/config/pack-config.js';
import { setPackConfigValue } from '../../packs/config/set-pack-config-value.js';
import { ValidationError } from '../../common/errors.js';
import { EXIT_FAILURE } from '../cli-io.js';
import {
  print,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import type { Style } from '../output/style.js';
import { openLocalHome } from './pack-local-home.js';

interface ConfigOptions extends CommonOptions {
  validate?: boolean;
  secret?: boolean;
}

/**
 * `squall pack config <pack>` shows the config (secrets masked) and its validation;
 * `--validate` exits 1 when it does not validate; `set <key> <value> [--secret]` writes one key
 * (secret keys encrypted).
 */
export function registerPackConfigCommand(pack: Command, context: CommandContext): void {
  withCommonOptions(
    pack
      .command('config <pack> [verb] [key] [value]')
      .description('show or validate a pack config; `set <key> <value> [--secret]` changes one key'),
  )
    .option('--validate', 'exit 1 when the config does not validate against config.schema.yaml')
    .option('--secret', 'with set: store the value encrypted even if the schema does not mark it secret')
    .action(
      async (
        name: string,
        verb: string | undefined,
        key: string | undefined,
        value: string | undefined,
        options: ConfigOptions,
      ) => {
        const local = await openLocalHome(resolveHome(options, context.io), context.io);
        const deps = { home: local.home, snapshot: local.snapshot, secretBox: local.secretBox() };
        if (verb !== undefined) {
          if (verb !== 'set' || key === undefined || value === undefined) {
            throw new ValidationError(
              `expected \`squall pack config ${name} set <key> <value>\`, got "${[verb, key, value].filter(Boolean).join(' ')}"`,
            );
          }
          const result = await setPackConfigValue(
            name,
            key,
            value,
            { secret: options.secret === true },
            deps,
          );
          await local.reload();
          print(
            context,
            options,
            result,
            () =>
              `${result.file}: ${key} = ${JSON.stringify(result.value)}${result.encrypted ? ' (encrypted)' : ''}\n`,
          );
          return;
        }
        const description = await describePackConfig(name, deps);
        print(context, options, description, (style) => formatConfig(description, style));
        if (options.validate === true && !description.report.valid) context.setExitCode(EXIT_FAILURE);
      },
    );
}

export function formatConfig(description: PackConfigDescription, style: Style): string {
  return (
    formatRecord(
      [
        { label: 'pack', value: description.pack },
        {
          label: 'file',
          value: description.report.exists ? description.file : `${description.file} (absent)`,
        },
        { label: 'schema', value: description.report.schema_file ?? 'none' },
        { label: 'values', value: description.values },
        {
          label: 'valid',
          value: description.report.valid,
          style: (text) => (text === 'true' ? style.green(text) : style.red(text)),
        },
      ],
      style,
    ) + formatReport(description.report, style)
  );
}

function formatReport(report: PackConfigReport, style: Style): string {
  const lines = [
    ...report.errors.map((error) => `  ${style.red('error')} ${error}`),
    ...report.warnings.map((warning) => `  ${style.yellow('warning')} ${warning}`),
  ];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
