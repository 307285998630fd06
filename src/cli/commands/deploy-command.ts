import { userInfo } from 'node:os';

import type { Command } from 'commander';

import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import type { DeployStatus } from '../../deploy/deploy-status.js';
import type { Deployment } from '../../domain/deployment.js';
import { EXIT_FAILURE } from '../cli-io.js';
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
import type { SquallApi } from '../connect.js';
import { deploymentTable, formatDeployExecution, formatDeployStatus } from '../output/format-deploy.js';
import { waitForEnd } from './run-command.js';

interface DeployOptions extends CommonOptions {
  packs?: string;
  branch?: string;
  force?: boolean;
  async?: boolean;
}

/**
 * `squall deploy <repo>` (packs.deploy), `squall deploy status`, `squall deploy history <pack>` and
 * `squall deploy confirm <id>`. A deploy waits for its execution and exits 1 unless it succeeded.
 */
// The parent command declares --home and --json too and commander lets it consume them wherever
// they appear, so subcommands read their options merged with the parent's (optsWithGlobals).
export function registerDeployCommand(program: Command, context: CommandContext): void {
  const deploy = withCommonOptions(
    program
      .command('deploy')
      .argument('<repo>', 'a repository under repositories: in configs/packs.yaml')
      .description(
        'deploy packs from a configured repository (packs.deploy); see also status, history, confirm',
      ),
  )
    .option('--packs <names>', 'only these packs (comma-separated; default: every pack of the repository)')
    .option('--branch <branch>', "the branch to deploy (default: the repository's default_branch)")
    .option('--force', 'deploy even though another deployer holds the packs on another branch')
    .option('--async', 'print the requested execution and return at once')
    .action(async (repo: string, options: DeployOptions) => {
      const packs = options.packs
        ?.split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      const body = {
        repo_name: repo,
        ...(packs && packs.length > 0 ? { packs } : {}),
        ...(options.branch ? { branch: options.branch } : {}),
        ...(options.force ? { force: true } : {}),
        ...currentUser(),
      };
      await runDeploy(
        context,
        options,
        (api) => api.call<ExecutionView>('POST', '/deployments', body),
        `deploying ${repo}`,
      );
    });

  withCommonOptions(
    deploy
      .command('status')
      .description('what each pack serves and from where, locks, pending rollbacks and confirmations'),
  ).action(async (_options: unknown, command: Command) => {
    const options = command.optsWithGlobals<CommonOptions>();
    const status = await withApi(context, options, (api) =>
      api.call<DeployStatus>('GET', '/deployments/status'),
    );
    print(context, options, status, (style) => formatDeployStatus(status, style));
  });

  withCommonOptions(deploy.command('history <pack>').description("a pack's deployments, newest first"))
    .option('--limit <n>', 'how many (0: all)', parseCount, 20)
    .action(async (pack: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<CommonOptions & { limit: number }>();
      const path = `/deployments${queryString({ pack, limit: options.limit })}`;
      const history = await withApi(context, options, (api) => api.call<Deployment[]>('GET', path));
      print(context, options, history, (style) => deploymentTable(history, style));
    });

  withCommonOptions(
    deploy
      .command('confirm <id>')
      .description('confirm a deployment waiting for you (repositories with confirm: true)'),
  )
    .option('--async', 'print the requested execution and return at once')
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DeployOptions>();
      const call = (api: SquallApi) =>
        api.call<ExecutionView>('POST', `/deployments/${encodeRef(id)}/confirm`, currentUser());
      await runDeploy(context, options, call, `confirming deployment ${id}`);
    });
}

async function runDeploy(
  context: CommandContext,
  options: DeployOptions,
  request: (api: SquallApi) => Promise<ExecutionView>,
  progress: string,
): Promise<void> {
  const execution = await withApi(context, options, async (api) => {
    const requested = await request(api);
    if (options.async) return requested;
    context.io.stderr.write(`${progress} (execution ${requested.id})...\n`);
    return waitForEnd(api, requested.id);
  });
  print(context, options, execution, (style) => formatDeployExecution(execution, style));
  if (!options.async && execution.status !== 'succeeded') context.setExitCode(EXIT_FAILURE);
}

function currentUser(): { user?: string } {
  try {
    return { user: userInfo().username };
  } catch {
    return {};
  }
}
