import type { DeployedPack, Deployment, RollbackState } from '../domain/deployment.js';
import type { DeploymentStore } from '../store/deployment-store.js';
import { lockRefusal } from './pack-locks.js';

/** A pack's deployed state as `squall deploy status` shows it: lock and rollback as one field each. */
export interface DeployedPackView extends Pick<
  DeployedPack,
  | 'pack'
  | 'repo_name'
  | 'repo_url'
  | 'branch'
  | 'default_branch'
  | 'commit'
  | 'deployed_by'
  | 'deployed_at'
  | 'deployment'
> {
  /** Held while a non-default branch serves, until it expires. */
  lock: { holder: string; branch: string; expires_at: string | null } | null;
  rollback: {
    at: string;
    state: RollbackState;
    attempts: number;
    last_error: string | null;
  } | null;
}

/** `squall deploy status`: what each pack serves and from where, locks, pending rollbacks and confirmations. */
export interface DeployStatus {
  packs: DeployedPackView[];
  /** Deployments waiting for their requester's confirmation. */
  pending: Deployment[];
  /** Deployments queued or running now. */
  active: Deployment[];
}

export async function deployStatus(store: DeploymentStore, now: number = Date.now()): Promise<DeployStatus> {
  const [packs, pending, active] = await Promise.all([
    store.listDeployedPacks(),
    store.listDeployments({ status: 'pending', limit: 0 }),
    store.listDeployments({ status: ['queued', 'running'], limit: 0 }),
  ]);
  return { packs: packs.map((state) => deployedPackView(state, now)), pending, active };
}

export function deployedPackView(state: DeployedPack, now: number): DeployedPackView {
  // A lock is live when someone else deploying another branch would be refused.
  const live = lockRefusal(state, { user: '\u0000', branch: '\u0000' }, now);
  return {
    pack: state.pack,
    repo_name: state.repo_name,
    repo_url: state.repo_url,
    branch: state.branch,
    default_branch: state.default_branch,
    commit: state.commit,
    deployed_by: state.deployed_by,
    deployed_at: state.deployed_at,
    deployment: state.deployment,
    lock: live ? { holder: live.holder, branch: live.branch, expires_at: live.expires_at } : null,
    rollback:
      state.rollback_at && state.rollback_state
        ? {
            at: state.rollback_at,
            state: state.rollback_state,
            attempts: state.rollback_attempts,
            last_error: state.rollback_error,
          }
        : null,
  };
}
