import type { Command } from 'commander';

import { installPacks, type InstallResult } from '../../packs/manage/install-pack.js';
import { EXIT_FAILURE } from '../cli-io.js';
import {
  print,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { describePackContent } from '../../snapshot/pack-content.js';
import { formatIssueLine, formatUnsupported } from '../output/format-issues.js';
import type { Style } from '../output/style.js';
import { openLocalHome } from './pack-local-home.js';

interface InstallOptions extends CommonOptions {
  packs?: string;
  subtree?: boolean;
  force?: boolean;
  skipDependencies?: boolean;
}

/** `squall pack install <source...>`: progress on stderr, the result on stdout. */
export function registerPackInstallCommand(pack: Command, context: CommandContext): void {
  withCommonOptions(
    pack
      .command('install <source...>')
      .description(
        'install packs from git (<url>[=<ref>]), a local folder, or by name through the pack index',
      ),
  )
    .option('--packs <names>', 'only these packs of a repository holding several (comma-separated)')
    .option('--subtree', 'the packs live under packs/ in the repository (detected when not given)')
    .option('--force', 'reinstall packs already at that commit; replace folders not installed by squall')
    .option('--skip-dependencies', 'do not install the dependencies listed in pack.yaml')
    .action(async (sources: string[], options: InstallOptions) => {
      const { io } = context;
      const local = await openLocalHome(resolveHome(options, io), io);
      const total: InstallResult = { installed: [], unchanged: [], issues: [] };
      const select = options.packs
        ?.split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      for (const source of sources) {
        const result = await installPacks(
          {
            source,
            ...(select ? { packs: select } : {}),
            ...(options.subtree ? { subtree: true } : {}),
            force: options.force === true,
            skipDependencies: options.skipDependencies === true,
          },
          {
            ...local,
            cwd: io.cwd,
            onProgress: (progress) => io.stderr.write(`${progress.step}: ${progress.message}\n`),
          },
        );
        total.installed.push(...result.installed);
        total.unchanged.push(...result.unchanged);
        total.issues.push(...result.issues);
      }
      print(context, options, total, (style) => formatInstall(total, style));
      if (total.issues.some((issue) => issue.severity === 'error')) context.setExitCode(EXIT_FAILURE);
    });
}

export function formatInstall(result: InstallResult, style: Style): string {
  const lines = result.installed.map((pack) => {
    const commit = pack.source.commit ? ` at ${pack.source.commit.slice(0, 12)}` : '';
    const was = pack.previous_version ? ` (was ${pack.previous_version})` : '';
    const why = pack.dependency_of ? style.dim(` (dependency of ${pack.dependency_of})`) : '';
    const line = `${style.green('installed')} ${pack.ref} ${pack.version}${was} from ${pack.source.url}${commit}${why}`;
    if (!pack.content) return line;
    return `${line}\n  ${describePackContent(pack.content)}\n${formatUnsupported(pack.content.unsupported, style)}`.trimEnd();
  });
  for (const pack of result.unchanged) lines.push(`${style.dim('unchanged')} ${pack.ref}: ${pack.reason}`);
  for (const issue of result.issues) lines.push(`  ${formatIssueLine(issue, style)}`);
  return lines.length === 0 ? 'nothing to install\n' : `${lines.join('\n')}\n`;
}
