import type { Deployment } from '../domain/deployment.js';
import { newId } from '../domain/ids.js';
import { AuthError, ConflictError, NotFoundError, errorMessage } from '../common/errors.js';
import { assertSafeRef } from '../packs/manage/git-source.js';
import { autoDeploySelection } from './changed-packs.js';
import { rescheduleRollback } from './deploy-state.js';
import type { DeployDeps, DeployRequest, DeployResult, Run } from './deploy-types.js';
import { executeDeployment } from './deployment-run.js';
import { KeyedQueue } from './keyed-queue.js';
import { loadRepositories } from './load-repositories.js';
import { findRepository, type RepositoryConfig } from './repository-config.js';

/**
 * packs.deploy: fetch a branch, test it, install its packs atomically, record and announce it.
 * Deploys touching the same pack run one at a time in arrival order; installs run one at a time.
 */
export class Deployer {
  readonly #deps: DeployDeps;
  readonly #packs = new KeyedQueue();
  readonly #installs = new KeyedQueue();

  constructor(deps: DeployDeps) {
    this.#deps = deps;
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    if (request.mode !== 'rollback' || !request.rollbackClaim) return this.#deploy(request);
    const claim = request.rollbackClaim;
    // Once running, a failed rollback reschedules itself; before that (no such repository any
    // more, a config that does not load) it is rescheduled here rather than left claimed.
    let started = false;
    try {
      return await this.#deploy(request, () => (started = true));
    } catch (error) {
      if (!started) {
        const message = this.#deps.secrets.mask(errorMessage(error));
        await rescheduleRollback(this.#deps.store, request.packs ?? [], claim, message, this.#now());
      }
      throw error;
    }
  }

  async #deploy(request: DeployRequest, onStart?: () => void): Promise<DeployResult> {
    const repositories = await loadRepositories(this.#deps);
    if (request.confirm !== undefined) return this.#confirm(request, repositories);
    const repo = findRepository(repositories, request.repoName);
    const branch =
      request.branch ??
      (request.mode === 'auto' ? repo.autoDeployment?.branch : undefined) ??
      repo.defaultBranch;
    assertSafeRef(branch);
    let packs = request.packs && request.packs.length > 0 ? request.packs : undefined;
    if (request.mode === 'auto') {
      const selection = autoDeploySelection(repo, branch, packs, request);
      if ('skip' in selection) return this.#skippedResult(repo, branch, selection.skip);
      packs = selection.packs;
    }
    const now = this.#now();
    const pending = repo.confirm && request.mode === 'manual';
    const deployment: Deployment = {
      id: newId(now),
      repo_name: repo.name,
      repo_url: repo.maskedUrl,
      branch,
      commit: null,
      packs: packs ?? [],
      requested_packs: packs ?? null,
      mode: request.mode,
      requested_by: request.user,
      status: pending ? 'pending' : 'queued',
      execution: request.executionId,
      force: request.force,
      changelog: [],
      notification: null,
      error: null,
      details: {},
      created_at: new Date(now).toISOString(),
      started_at: null,
      finished_at: null,
      rollback_at: null,
      confirm_expires_at: pending ? new Date(now + repo.confirmTimeoutMs).toISOString() : null,
    };
    await this.#deps.store.insertDeployment(deployment);
    onStart?.();
    if (pending) return this.#pendingResult(deployment, repo);
    return this.#queued({ deployment, repo, request: { ...request, branch }, details: {}, skipped: [] });
  }

  async #confirm(request: DeployRequest, repositories: Map<string, RepositoryConfig>): Promise<DeployResult> {
    const id = request.confirm ?? '';
    const pending = await this.#deps.store.getDeployment(id);
    if (!pending) {
      throw new NotFoundError(`packs.deploy: no deployment ${id}; see \`squall deploy status\``, {
        code: 'E_DEPLOY_NOT_FOUND',
      });
    }
    if (pending.status !== 'pending') {
      throw new ConflictError(
        `packs.deploy: deployment ${id} is ${pending.status}, not waiting for a confirmation`,
        {
          code: 'E_DEPLOY_NOT_PENDING',
        },
      );
    }
    if (pending.requested_by !== request.user) {
      throw new AuthError(
        `packs.deploy: deployment ${id} was requested by ${pending.requested_by}; only they can confirm it`,
        { code: 'E_DEPLOY_CONFIRM_USER' },
      );
    }
    const confirmed = await this.#deps.store.confirmDeployment(id, this.#now());
    if (!confirmed) {
      throw new ConflictError(
        `packs.deploy: deployment ${id} expired at ${pending.confirm_expires_at ?? 'its deadline'}; deploy again`,
        { code: 'E_DEPLOY_CONFIRM_EXPIRED' },
      );
    }
    const repo = findRepository(repositories, confirmed.repo_name);
    return this.#queued({
      deployment: confirmed,
      repo,
      request: {
        ...request,
        repoName: confirmed.repo_name,
        branch: confirmed.branch,
        force: confirmed.force,
        ...(confirmed.requested_packs ? { packs: confirmed.requested_packs } : {}),
      },
      details: { confirmed_by: request.user },
      skipped: [],
    });
  }

  #queued(run: Run): Promise<DeployResult> {
    const requested = run.deployment.requested_packs;
    const keys = requested ? requested.map((pack) => `pack:${pack}`) : ['pack:*'];
    const logger = this.#deps.logger.child({ component: 'deploy', deployment: run.deployment.id });
    const execute = () =>
      executeDeployment({ deps: this.#deps, now: () => this.#now(), installs: this.#installs }, run);
    const clusterLock = this.#deps.clusterLock;
    return this.#packs.run(keys, clusterLock ? () => clusterLock(keys, execute) : execute, () =>
      logger.info(`deployment ${run.deployment.id} waits for a deploy of the same packs to finish`),
    );
  }

  #pendingResult(deployment: Deployment, repo: RepositoryConfig): DeployResult {
    const expires = deployment.confirm_expires_at ?? '';
    return {
      deployment: deployment.id,
      status: 'pending',
      repo_name: repo.name,
      repo_url: repo.maskedUrl,
      branch: deployment.branch,
      commit: null,
      packs: deployment.packs,
      skipped: [],
      changelog: [],
      rollback_at: null,
      notification: null,
      message: `deployment ${deployment.id} waits for ${deployment.requested_by} to confirm it before ${expires}: run \`squall deploy confirm ${deployment.id}\``,
      confirm: {
        command: `squall deploy confirm ${deployment.id}`,
        phrase: `deploy confirm ${deployment.id}`,
        expires_at: expires,
      },
    };
  }

  #skippedResult(repo: RepositoryConfig, branch: string, reason: string): DeployResult {
    return {
      deployment: '',
      status: 'skipped',
      repo_name: repo.name,
      repo_url: repo.maskedUrl,
      branch,
      commit: null,
      packs: [],
      skipped: [],
      changelog: [],
      rollback_at: null,
      notification: null,
      message: `nothing deployed: ${reason}`,
    };
  }
}
