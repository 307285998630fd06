import type { DeploymentChange } from '../domain/deployment.js';
import { SquallError, errorMessage } from '../common/errors.js';
import type { FoundPack } from '../packs/manage/find-packs.js';
import { deployedPackState, rescheduleRollback } from './deploy-state.js';
import type { DeployResult, Run, RunContext } from './deploy-types.js';
import { formatDuration } from './duration.js';
import { deploymentMessage, notify } from './notify.js';

export async function succeedDeployment(
  ctx: RunContext,
  run: Run,
  packs: readonly FoundPack[],
  changelog: DeploymentChange[],
): Promise<DeployResult> {
  const { store, secrets } = ctx.deps;
  const { deployment, repo } = run;
  const now = ctx.now();
  const commit = deployment.commit ?? '';
  const states = packs.map((pack) =>
    deployedPackState({
      pack: pack.ref,
      repo,
      branch: deployment.branch,
      commit,
      deployment: deployment.id,
      user: deployment.requested_by,
      now,
    }),
  );
  for (const state of states) await store.putDeployedPack(state);
  const rollbackAt = states[0]?.rollback_at ?? null;
  const refs = packs.map((pack) => pack.ref);
  const safeChangelog = secrets.mask(changelog);
  const text = deploymentMessage({
    outcome: 'succeeded',
    mode: deployment.mode,
    user: deployment.requested_by,
    repo: repo.name,
    branch: deployment.branch,
    commit,
    packs: refs,
    changelog: safeChangelog,
    rollbackAt,
    defaultBranch: repo.defaultBranch,
  });
  const notification = await notify(ctx.deps, repo.notifyChannel, text, {
    executionId: run.request.executionId,
    deployment: deployment.id,
  });
  if (run.skipped.length > 0) run.details['skipped'] = run.skipped;
  await store.updateDeployment(deployment.id, {
    status: 'succeeded',
    commit,
    packs: refs,
    changelog: safeChangelog,
    notification,
    details: secrets.mask(run.details),
    finished_at: new Date(ctx.now()).toISOString(),
    rollback_at: rollbackAt,
  });
  const returns =
    rollbackAt && repo.rollbackAfterMs
      ? `; returns to ${repo.defaultBranch} at ${rollbackAt} (in ${formatDuration(repo.rollbackAfterMs)})`
      : '';
  return runResult(run, {
    status: 'succeeded',
    commit,
    packs: refs,
    changelog: safeChangelog,
    rollback_at: rollbackAt,
    notification,
    message: `deployed ${refs.join(', ')} from ${repo.name} (${deployment.branch} @ ${commit.slice(0, 12)})${returns}`,
  });
}

export async function skipDeployment(ctx: RunContext, run: Run): Promise<DeployResult> {
  const reason = run.skipped.map((skip) => `${skip.pack}: ${skip.reason}`).join('; ') || 'nothing to deploy';
  run.details['skipped'] = run.skipped;
  await ctx.deps.store.updateDeployment(run.deployment.id, {
    status: 'skipped',
    packs: run.deployment.packs,
    error: reason,
    details: ctx.deps.secrets.mask(run.details),
    finished_at: new Date(ctx.now()).toISOString(),
  });
  return runResult(run, {
    status: 'skipped',
    commit: run.deployment.commit,
    packs: [],
    changelog: [],
    rollback_at: null,
    notification: null,
    message: `nothing deployed: ${reason}`,
  });
}

/** Records the failure, announces it, puts a failed rollback back on schedule; returns the error to throw. */
export async function failDeployment(ctx: RunContext, run: Run, error: unknown): Promise<SquallError> {
  const { store, secrets, logger } = ctx.deps;
  const { deployment, repo, request } = run;
  const message = secrets.mask(errorMessage(error));
  const text = deploymentMessage({
    outcome: 'failed',
    mode: deployment.mode,
    user: deployment.requested_by,
    repo: repo.name,
    branch: deployment.branch,
    commit: deployment.commit,
    packs: deployment.packs,
    changelog: [],
    rollbackAt: null,
    defaultBranch: repo.defaultBranch,
    error: message,
  });
  const notification = await notify(ctx.deps, repo.notifyChannel, text, {
    executionId: request.executionId,
    deployment: deployment.id,
  });
  await store
    .updateDeployment(deployment.id, {
      status: 'failed',
      packs: deployment.packs,
      error: message,
      notification,
      details: secrets.mask(run.details),
      finished_at: new Date(ctx.now()).toISOString(),
      ...(deployment.commit ? { commit: deployment.commit } : {}),
    })
    .catch((storeError: unknown) =>
      logger.error(
        { err: errorMessage(storeError), deployment: deployment.id },
        'could not record a failed deployment',
      ),
    );
  if (request.mode === 'rollback' && request.rollbackClaim)
    await rescheduleRollback(store, deployment.packs, request.rollbackClaim, message, ctx.now());
  const code = error instanceof SquallError ? error.code : 'E_DEPLOY_FAILED';
  const details = error instanceof SquallError ? error.details : undefined;
  return new SquallError(code, message, {
    details: { deployment: deployment.id, ...(details ? secrets.mask(details) : {}) },
  });
}

function runResult(
  run: Run,
  outcome: Pick<
    DeployResult,
    'status' | 'commit' | 'packs' | 'changelog' | 'rollback_at' | 'notification' | 'message'
  >,
): DeployResult {
  return {
    deployment: run.deployment.id,
    repo_name: run.repo.name,
    repo_url: run.repo.maskedUrl,
    branch: run.deployment.branch,
    skipped: run.skipped,
    ...(run.test ? { test: run.test } : {}),
    ...outcome,
  };
}
