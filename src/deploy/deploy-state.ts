import type { DeployedPack } from '../domain/deployment.js';
import type { DeploymentStore } from '../store/deployment-store.js';
import type { RepositoryConfig } from './repository-config.js';

/** How long a claimed rollback may run before another tick may claim it again. */
export const ROLLBACK_CLAIM_TTL_MS = 10 * 60_000;

/** A failed rollback is tried again after 1, 2, 4... minutes, at most an hour apart. */
export function rollbackRetryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * What a pack serves after a deploy: a non-default branch locks it to its deployer and, with
 * `rollback.after`, schedules its return to the default branch (a new deploy moves the time); the
 * default branch clears both.
 */
export function deployedPackState(input: {
  pack: string;
  repo: RepositoryConfig;
  branch: string;
  commit: string;
  deployment: string;
  user: string;
  now: number;
}): DeployedPack {
  const { repo, branch, now } = input;
  const onDefault = branch === repo.defaultBranch;
  const rollbackAt =
    !onDefault && repo.rollbackAfterMs !== undefined
      ? new Date(now + repo.rollbackAfterMs).toISOString()
      : null;
  return {
    pack: input.pack,
    repo_name: repo.name,
    repo_url: repo.maskedUrl,
    branch,
    default_branch: repo.defaultBranch,
    commit: input.commit,
    deployment: input.deployment,
    deployed_by: input.user,
    deployed_at: new Date(now).toISOString(),
    locked_by: onDefault ? null : input.user,
    lock_expires_at: rollbackAt,
    rollback_at: rollbackAt,
    rollback_state: rollbackAt === null ? null : 'scheduled',
    rollback_claim: null,
    claim_expires_at: null,
    rollback_attempts: 0,
    rollback_error: null,
  };
}

/** A rollback that failed goes back on schedule (later, with its error) while `claim` still holds it. */
export async function rescheduleRollback(
  store: DeploymentStore,
  packs: readonly string[],
  claim: string,
  error: string,
  now: number,
): Promise<void> {
  for (const pack of packs) {
    const state = await store.getDeployedPack(pack);
    if (!state || state.rollback_claim !== claim) continue;
    const attempts = state.rollback_attempts + 1;
    await store.settleRollbackClaim(pack, claim, {
      rollback_at: new Date(now + rollbackRetryDelayMs(attempts)).toISOString(),
      rollback_state: 'scheduled',
      rollback_attempts: attempts,
      rollback_error: error,
    });
  }
}
