import type {
  DeployedPack,
  Deployment,
  DeploymentPatch,
  DeploymentStatus,
  RollbackPatch,
} from '../domain/deployment.js';
import type { ListQuery } from './list-query.js';

export interface DeploymentQuery extends ListQuery {
  /** Deployments that deployed (or asked for) this pack. */
  pack?: string;
  repo_name?: string;
  status?: DeploymentStatus | DeploymentStatus[];
}

/**
 * Pack deployments: the history of deploys with their confirmations, what each pack serves now,
 * and the claims on its timed rollback. Times are epoch ms so that "due" is data, not a timer.
 */
export interface DeploymentStore {
  insertDeployment(deployment: Deployment): Promise<void>;
  /** Applies the patch; rejects with NotFoundError for an unknown id. Returns the updated record. */
  updateDeployment(id: string, patch: DeploymentPatch): Promise<Deployment>;
  getDeployment(id: string): Promise<Deployment | undefined>;
  listDeployments(query?: DeploymentQuery): Promise<Deployment[]>;
  /**
   * A `pending` deployment whose confirmation has not expired at `now` (epoch ms) becomes
   * `queued`, once: resolves with it, or undefined when it is not pending (anymore) or expired.
   */
  confirmDeployment(id: string, now: number): Promise<Deployment | undefined>;
  /** `pending` deployments whose confirmation expired at `now` become `expired`. Returns them. */
  expirePendingDeployments(now: number): Promise<Deployment[]>;

  /** Creates or replaces the record of what a pack serves. */
  putDeployedPack(state: DeployedPack): Promise<void>;
  getDeployedPack(pack: string): Promise<DeployedPack | undefined>;
  /** Sorted by pack. */
  listDeployedPacks(): Promise<DeployedPack[]>;
  /**
   * Atomically claims every pack whose rollback fell due at `now` (epoch ms) and is not claimed,
   * or whose claim expired: sets `rollback_state: 'claimed'`, a fresh `rollback_claim` token and
   * `claim_expires_at = now + claimTtlMs`. Each due pack is returned to one caller only.
   */
  claimDueRollbacks(now: number, claimTtlMs: number): Promise<DeployedPack[]>;
  /** Applies a rollback outcome when `claim` still holds the pack; resolves false otherwise. */
  settleRollbackClaim(pack: string, claim: string, patch: RollbackPatch): Promise<boolean>;
}
