import type { DeployedPack } from '../domain/deployment.js';
import { ConflictError } from '../common/errors.js';

export interface LockRefusal {
  pack: string;
  holder: string;
  branch: string;
  /** null: until the default branch is deployed again. */
  expires_at: string | null;
}

/**
 * A pack serving a non-default branch is locked to that branch and its deployer until its lock
 * expires: deploying another branch as someone else is refused (unless forced).
 */
export function lockRefusal(
  state: DeployedPack | undefined,
  request: { user: string; branch: string },
  now: number,
): LockRefusal | undefined {
  if (!state?.locked_by || state.branch === state.default_branch) return undefined;
  if (state.lock_expires_at !== null && Date.parse(state.lock_expires_at) <= now) return undefined;
  if (state.locked_by === request.user || state.branch === request.branch) return undefined;
  return {
    pack: state.pack,
    holder: state.locked_by,
    branch: state.branch,
    expires_at: state.lock_expires_at,
  };
}

export function describeRefusal(refusal: LockRefusal): string {
  const until = refusal.expires_at
    ? `until ${refusal.expires_at}`
    : 'until its default branch is deployed again';
  return `pack ${refusal.pack} is locked to branch ${refusal.branch} by ${refusal.holder} ${until}`;
}

export function lockedError(refusals: readonly LockRefusal[]): ConflictError {
  return new ConflictError(
    `packs.deploy: ${refusals.map(describeRefusal).join('; ')}; ask them, wait, or pass force=true (--force) to deploy anyway`,
    { code: 'E_DEPLOY_LOCKED', details: { locks: refusals } },
  );
}
