import { errorMessage } from '../common/errors.js';
import { rollbackRetryDelayMs, ROLLBACK_CLAIM_TTL_MS } from './deploy-state.js';
import type { DeployedPack } from '../domain/deployment.js';
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

/** A pack whose rollback this tick claimed, as the claim travels in the execution's context. */
type ClaimedRollback = Pick<
  DeployedPack,
  'pack' | 'repo_name' | 'branch' | 'rollback_at' | 'rollback_attempts' | 'rollback_claim'
>;

/** What one tick claimed: the expired deployments and the rollbacks now due. */
export interface RollbackWork {
  expired: string[];
  claimed: ClaimedRollback[];
}

/**
 * The claim of a rollback tick, in the store: expires unconfirmed deployments and claims every pack
 * whose rollback time passed (atomically, so two ticks or two engines never run one twice).
 * Undefined when nothing was due, so the timer's tick leaves no execution.
 */
export async function claimRollbackWork(deps: DeployDeps): Promise<RollbackWork | undefined> {
  const now = (deps.now ?? Date.now)();
  const expired = await deps.store.expirePendingDeployments(now);
  const claimed = await deps.store.claimDueRollbacks(now, ROLLBACK_CLAIM_TTL_MS);
  if (expired.length === 0 && claimed.length === 0) return undefined;
  return {
    expired: expired.map((deployment) => deployment.id),
    claimed: claimed.map(({ pack, repo_name, branch, rollback_at, rollback_attempts, rollback_claim }) => ({
      ...{ pack, repo_name, branch, rollback_at, rollback_attempts, rollback_claim },
    })),
  };
}

/**
 * packs.rollback_expired: does the work its tick claimed (the claim travels in the execution's
 * context when the timer rule requested it; a run asked for by hand claims now) and requests a
 * packs.deploy of the default branch for each claimed pack, as a child execution. It does not wait
 * for them: they may queue behind this very execution.
 */
export async function rollbackExpired(
  deps: DeployDeps,
  context: { executionId: string; traceId?: string; work?: RollbackWork },
): Promise<RollbackTick> {
  const now = (deps.now ?? Date.now)();
  const { store } = deps;
  const work = context.work ?? (await claimRollbackWork(deps)) ?? { expired: [], claimed: [] };
  const tick: RollbackTick = { expired: work.expired, rollbacks: [], failed: [] };
  for (const state of work.claimed) {
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
