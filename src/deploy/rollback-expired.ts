import { errorMessage } from '../common/errors.js';
import { rollbackRetryDelayMs, ROLLBACK_CLAIM_TTL_MS } from './deploy-state.js';
import type { DeployDeps } from './deploy-types.js';

/** Who rollbacks are recorded and announced as. */
export const ROLLBACK_USER = 'squall';
export const DEPLOY_ACTION = 'packs.deploy';

export interface RollbackTick {
  /** Pending deployments whose confirmation did not come in time. */
  expired: string[];
  /** Rollbacks started, each as a packs.deploy execution. */
  rollbacks: {
    pack: string;
    repo_name: string;
    from_branch: string;
    due_at: string | null;
    execution: string;
  }[];
  failed: { pack: string; error: string }[];
}

/**
 * packs.rollback_expired, run by the bundled timer rule: expires unconfirmed deployments, then
 * claims every pack whose rollback time passed (atomically, so two ticks or two engines never run
 * one twice) and requests a packs.deploy of its default branch for each, as a child execution. It
 * does not wait for them: they may queue behind this very execution.
 */
export async function rollbackExpired(
  deps: DeployDeps,
  context: { executionId: string; traceId?: string },
): Promise<RollbackTick> {
  const now = (deps.now ?? Date.now)();
  const { store } = deps;
  const expired = await store.expirePendingDeployments(now);
  const claimed = await store.claimDueRollbacks(now, ROLLBACK_CLAIM_TTL_MS);
  const tick: RollbackTick = {
    expired: expired.map((deployment) => deployment.id),
    rollbacks: [],
    failed: [],
  };
  for (const state of claimed) {
    const claim = state.rollback_claim ?? '';
    try {
      const execution = await deps.run({
        action: DEPLOY_ACTION,
        parameters: { repo_name: state.repo_name, packs: [state.pack], rollback: claim },
        context: { source: 'rollback', user: ROLLBACK_USER, pack: state.pack },
        parent: context.executionId,
        ...(context.traceId ? { trace_id: context.traceId } : {}),
        renderTemplates: false,
      });
      tick.rollbacks.push({
        pack: state.pack,
        repo_name: state.repo_name,
        from_branch: state.branch,
        due_at: state.rollback_at,
        execution: execution.id,
      });
    } catch (error) {
      const message = deps.secrets.mask(errorMessage(error));
      const attempts = state.rollback_attempts + 1;
      await store.settleRollbackClaim(state.pack, claim, {
        rollback_at: new Date(now + rollbackRetryDelayMs(attempts)).toISOString(),
        rollback_state: 'scheduled',
        rollback_attempts: attempts,
        rollback_error: message,
      });
      tick.failed.push({ pack: state.pack, error: message });
    }
  }
  if (tick.expired.length + tick.rollbacks.length + tick.failed.length > 0) {
    deps.logger.info(
      {
        component: 'deploy',
        expired: tick.expired,
        rollbacks: tick.rollbacks.map((r) => r.pack),
        failed: tick.failed.length,
      },
      'rollback tick',
    );
  }
  return tick;
}
