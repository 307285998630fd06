/**
 * `pending`: waits for its requester's confirmation until `confirm_expires_at`; `expired` when it
 * did not come. `queued`: waits for another deploy of the same pack. `skipped`: nothing to do (an
 * auto-deploy of another branch, or no pack changed).
 */
export type DeploymentStatus =
  'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'expired';

export const FINAL_DEPLOYMENT_STATUSES: ReadonlySet<DeploymentStatus> = new Set([
  'succeeded',
  'failed',
  'skipped',
  'expired',
]);

/** Who started it: a person (`manual`), a push (`auto`) or a rollback time that passed (`rollback`). */
export type DeploymentMode = 'manual' | 'auto' | 'rollback';

/** Commits between the revision a pack had and the one deployed, newest first. */
export interface DeploymentChange {
  pack: string;
  /** The commit the pack was at, or null for a first deployment. */
  from: string | null;
  to: string;
  commits: DeploymentCommit[];
  /** Commits of `from` that the new revision no longer has (a rollback, a force push). */
  reverted: DeploymentCommit[];
  /** More commits than listed. */
  truncated: boolean;
}

export interface DeploymentCommit {
  id: string;
  author: string;
  date: string;
  subject: string;
}

export interface DeploymentNotification {
  channel: string | null;
  message: string;
  /** `sent`: chatops.post_message was requested (see `execution`); `recorded`: no chat configured. */
  status: 'sent' | 'recorded' | 'failed';
  execution?: string;
  error?: string;
}

/** One request to deploy packs from a repository, kept as history. URLs have credentials masked. */
export interface Deployment {
  id: string;
  repo_name: string;
  repo_url: string;
  branch: string;
  commit: string | null;
  /** The pack refs deployed (known once the branch is fetched). */
  packs: string[];
  /** The packs asked for; null for every pack of the repository. */
  requested_packs: string[] | null;
  mode: DeploymentMode;
  requested_by: string;
  status: DeploymentStatus;
  /** The packs.deploy execution doing the work. */
  execution: string | null;
  force: boolean;
  changelog: DeploymentChange[];
  notification: DeploymentNotification | null;
  error: string | null;
  /** Test command result, packs skipped and why, and other facts about the run. */
  details: Record<string, unknown>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** When the packs return to the default branch (a non-default branch was deployed). */
  rollback_at: string | null;
  /** A pending deployment expires at this time. */
  confirm_expires_at: string | null;
}

export type DeploymentPatch = Partial<Omit<Deployment, 'id' | 'created_at'>>;

export type RollbackState = 'scheduled' | 'claimed';

/**
 * What one pack serves now and where it came from. While `branch` is not `default_branch` the pack
 * is locked to `locked_by` (until `lock_expires_at`, or until the default branch is deployed) and
 * returns to the default branch at `rollback_at`.
 */
export interface DeployedPack {
  pack: string;
  repo_name: string;
  repo_url: string;
  branch: string;
  default_branch: string;
  commit: string;
  /** The deployment that put it there. */
  deployment: string;
  deployed_by: string;
  deployed_at: string;
  locked_by: string | null;
  lock_expires_at: string | null;
  rollback_at: string | null;
  rollback_state: RollbackState | null;
  /** The token of the rollback under way; a rollback carrying another token is stale. */
  rollback_claim: string | null;
  /** A claim not finished by then (its process died) may be claimed again. */
  claim_expires_at: string | null;
  rollback_attempts: number;
  rollback_error: string | null;
}

/** Fields a rollback outcome changes on a claimed pack. */
export type RollbackPatch = Pick<
  DeployedPack,
  'rollback_at' | 'rollback_state' | 'rollback_attempts' | 'rollback_error'
>;
