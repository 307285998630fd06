import type { Subscription } from 'rxjs';

import type { InternalAction } from '../actions/runners/internal.js';
import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Stage } from '../common/stage.js';
import { maskingLogger } from '../common/masking-logger.js';
import { pushNames } from './repository-config.js';
import { deployRequestFrom } from './deploy-parameters.js';
import { AUTO_DEPLOY_KEY, type DeployDeps } from './deploy-types.js';
import { Deployer } from './deployer.js';
import { loadRepositories } from './load-repositories.js';
import { claimRollbackWork, rollbackExpired, type RollbackWork } from './rollback-expired.js';
import type { DueWorkClaim } from '../pipeline/due-work.js';
import { DUE_WORK_CONTEXT_KEY } from '../pipeline/due-work.js';
import { isRecord } from '../common/guards.js';

/** entry_point names of the `packs` pack's deploy actions (`runner_type: squall-internal`). */
export const DEPLOY_ACTION_NAMES = ['packs.deploy', 'packs.rollback_expired'] as const;

export interface DeployService extends Stage {
  /** packs.deploy and packs.rollback_expired (`runner_type: squall-internal`). */
  actions: ReadonlyMap<string, InternalAction>;
  /** packs.rollback_expired claims its work before the timer rule requests it (DueWorkRegistry). */
  dueWork: ReadonlyMap<string, DueWorkClaim>;
  /**
   * Writes the names pushes of auto-deployed repositories carry to the datastore key the bundled
   * auto-deploy rule's criteria read. Call at start and after content (configs) reloads; never throws.
   */
  syncAutoDeployKey(): Promise<void>;
}

/**
 * Deploys packs from configured git repositories (packs.deploy) and rolls them back when their time
 * is up. While started, the key the auto-deploy rule reads follows the `packs` pack config.
 */
export function createDeployService(engineDeps: DeployDeps & { bus: EventBus }): DeployService {
  // Everything deploy logs passes the secret registry, repository tokens and keys included (the
  // engine's logger masks already; an embedder's deploy service may be given a plain one).
  const deps = { ...engineDeps, logger: maskingLogger(engineDeps.logger, engineDeps.secrets) };
  const deployer = new Deployer(deps);
  const userOf = async (executionId: string): Promise<string | undefined> => {
    const user = (await deps.store.getExecution(executionId))?.context['user'];
    return typeof user === 'string' && user !== '' ? user : undefined;
  };
  const deploy: InternalAction = async (context) => {
    const request = deployRequestFrom(context.parameters, {
      executionId: context.executionId,
      user: await userOf(context.executionId),
      signal: context.signal,
    });
    return deployer.deploy(request);
  };
  const rollback: InternalAction = async (context) => {
    const execution = await deps.store.getExecution(context.executionId);
    const traceId = execution?.trace_id;
    const work = execution?.context[DUE_WORK_CONTEXT_KEY];
    return rollbackExpired(deps, {
      executionId: context.executionId,
      ...(traceId ? { traceId } : {}),
      ...(isRecord(work) ? { work: work as unknown as RollbackWork } : {}),
    });
  };
  let following: Subscription | undefined;
  const service: DeployService = {
    name: 'deploy',
    async start() {
      await service.syncAutoDeployKey();
      following = deps.bus.on('content.reloaded').subscribe(() => {
        service
          .syncAutoDeployKey()
          .catch((error: unknown) =>
            deps.logger.error(
              { component: 'deploy', err: errorMessage(error) },
              'auto-deploy key sync failed',
            ),
          );
      });
    },
    async stop() {
      following?.unsubscribe();
      await Promise.resolve();
    },
    actions: new Map([
      ['packs.deploy', deploy],
      ['packs.rollback_expired', rollback],
    ]),
    dueWork: new Map([
      [
        'packs.rollback_expired',
        async () => (await claimRollbackWork(deps)) as Record<string, unknown> | undefined,
      ],
    ]),
    async syncAutoDeployKey() {
      if (!deps.snapshot().packs.has('packs')) return;
      try {
        const repositories = await loadRepositories(deps);
        const names = new Set<string>();
        for (const repo of repositories.values()) {
          if (!repo.autoDeployment) continue;
          for (const name of pushNames(repo)) names.add(name);
        }
        const value = JSON.stringify([...names].sort());
        if ((await deps.getSystemKey(AUTO_DEPLOY_KEY)) !== value)
          await deps.setSystemKey(AUTO_DEPLOY_KEY, value);
      } catch (error) {
        deps.logger.warn(
          { component: 'deploy', err: errorMessage(error) },
          'auto-deploy repositories not updated: the packs pack config does not load',
        );
      }
    },
  };
  return service;
}
