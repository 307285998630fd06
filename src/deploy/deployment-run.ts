import { stat } from 'node:fs/promises';
import path from 'node:path';

import type { DeployedPack } from '../domain/deployment.js';
import { SquallError } from '../common/errors.js';
import { findPacks, type FoundPack } from '../packs/manage/find-packs.js';
import { installPacks } from '../packs/manage/install-pack.js';
import { writeSourceRecord } from '../packs/manage/source-record.js';
import { packChangelog } from './changelog.js';
import { failDeployment, skipDeployment, succeedDeployment } from './deployment-outcome.js';
import type { DeployResult, Run, RunContext } from './deploy-types.js';
import { fetchBranch, type FetchedBranch } from './git-fetch.js';
import { describeRefusal, lockRefusal, lockedError } from './pack-locks.js';
import { runTestCommand } from './test-command.js';

/**
 * Fetches the branch, picks the packs (locks, rollback claims, changed folders), runs the test
 * command, installs atomically and records the outcome. Any failure is recorded, announced and
 * thrown with its message masked; the previous version keeps serving.
 */
export async function executeDeployment(ctx: RunContext, run: Run): Promise<DeployResult> {
  const { store } = ctx.deps;
  const { deployment, repo, request } = run;
  await store.updateDeployment(deployment.id, {
    status: 'running',
    started_at: new Date(ctx.now()).toISOString(),
    execution: request.executionId,
  });
  let fetched: FetchedBranch | undefined;
  try {
    fetched = await fetchBranch({
      url: repo.url,
      branch: deployment.branch,
      ...(repo.sshKey ? { sshKey: repo.sshKey } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    deployment.commit = fetched.commit;
    return await deployFetched(ctx, run, fetched);
  } catch (error) {
    throw await failDeployment(ctx, run, error);
  } finally {
    await fetched?.cleanup();
  }
}

async function deployFetched(ctx: RunContext, run: Run, fetched: FetchedBranch): Promise<DeployResult> {
  const { store } = ctx.deps;
  const { deployment, repo, request } = run;
  let wanted = deployment.requested_packs ?? undefined;
  if (wanted && request.mode === 'auto' && repo.subtree) {
    const removed = await removedFolders(fetched.dir, wanted);
    for (const folder of removed) run.skipped.push({ pack: folder, reason: 'the push removed it' });
    wanted = wanted.filter((folder) => !removed.includes(folder));
    if (wanted.length === 0) return skipDeployment(ctx, run);
  }
  const candidates = await findPacks(fetched.dir, {
    subtree: repo.subtree,
    ...(wanted ? { packs: wanted } : {}),
  });
  deployment.packs = candidates.map((pack) => pack.ref);
  const states = new Map(
    await Promise.all(
      candidates.map(async (pack) => [pack.ref, await store.getDeployedPack(pack.ref)] as const),
    ),
  );
  const found = choosePacks(ctx, run, candidates, states);
  if (found.length === 0) return skipDeployment(ctx, run);
  if (repo.test) await runTests(ctx, run, fetched.dir);
  const changelog = await Promise.all(
    found.map((pack) =>
      packChangelog(fetched.git, {
        pack: pack.ref,
        from: states.get(pack.ref)?.commit ?? null,
        to: fetched.commit,
        folder: pack.relative,
      }),
    ),
  );
  await installFetched(ctx, run, fetched, found);
  return succeedDeployment(ctx, run, found, changelog);
}

/**
 * The packs this run may deploy: a rollback only those its claim still holds; anyone else only
 * packs not locked by another deployer (refused outright unless forced; an auto-deploy skips them).
 */
function choosePacks(
  ctx: RunContext,
  run: Run,
  candidates: readonly FoundPack[],
  states: ReadonlyMap<string, DeployedPack | undefined>,
): FoundPack[] {
  const { deployment, request } = run;
  if (request.mode === 'rollback') {
    const held = candidates.filter((pack) => states.get(pack.ref)?.rollback_claim === request.rollbackClaim);
    for (const pack of candidates.filter((candidate) => !held.includes(candidate)))
      run.skipped.push({
        pack: pack.ref,
        reason: 'its rollback was superseded (deployed again, or claimed again)',
      });
    return held;
  }
  if (request.force) return [...candidates];
  const who = { user: deployment.requested_by, branch: deployment.branch };
  const refusals = candidates.flatMap((pack) => lockRefusal(states.get(pack.ref), who, ctx.now()) ?? []);
  if (refusals.length > 0 && request.mode !== 'auto') throw lockedError(refusals);
  for (const refusal of refusals) run.skipped.push({ pack: refusal.pack, reason: describeRefusal(refusal) });
  return candidates.filter((pack) => !refusals.some((refusal) => refusal.pack === pack.ref));
}

async function runTests(ctx: RunContext, run: Run, dir: string): Promise<void> {
  const command = run.repo.test ?? '';
  const test = ctx.deps.secrets.mask(
    await runTestCommand(command, dir, run.request.signal ? { signal: run.request.signal } : {}),
  );
  run.test = test;
  run.details['test'] = test;
  if (!test.passed) {
    const how = test.timed_out ? 'timed out' : `failed with exit code ${String(test.exit_code)}`;
    throw new SquallError(
      'E_DEPLOY_TEST_FAILED',
      `packs.deploy: the test command \`${command}\` ${how} in ${run.repo.name} (${run.deployment.branch}); nothing was deployed (output in result.details.test.output)`,
      {
        details: { test },
      },
    );
  }
}

async function installFetched(
  ctx: RunContext,
  run: Run,
  fetched: FetchedBranch,
  packs: readonly FoundPack[],
): Promise<void> {
  const deps = ctx.deps;
  const logger = deps.logger.child({ component: 'deploy', deployment: run.deployment.id });
  const lock: NonNullable<typeof deps.clusterLock> = deps.clusterLock ?? ((_keys, work) => work());
  const result = await ctx.installs.run(['install:*'], () =>
    lock(['install:*'], () =>
      installPacks(
        { source: fetched.dir, packs: packs.map((pack) => pack.ref), subtree: run.repo.subtree },
        {
          home: deps.home,
          config: deps.config,
          logger,
          snapshot: deps.snapshot,
          reload: deps.reload,
          ...(run.request.signal ? { signal: run.request.signal } : {}),
          onProgress: (progress) =>
            logger.info({ step: progress.step, pack: progress.pack }, progress.message),
        },
      ),
    ),
  );
  const installedAt = new Date(ctx.now()).toISOString();
  for (const installed of result.installed) {
    const pack = packs.find((candidate) => candidate.ref === installed.ref);
    if (!pack) continue;
    await writeSourceRecord(installed.dir, {
      url: run.repo.maskedUrl,
      ref: run.deployment.branch,
      commit: fetched.commit,
      path: pack.relative,
      installed_at: installedAt,
    });
  }
  if (result.issues.length > 0) run.details['issues'] = deps.secrets.mask(result.issues);
  if (result.installed.some((pack) => pack.dependency_of))
    run.details['dependencies'] = result.installed
      .filter((pack) => pack.dependency_of)
      .map((pack) => pack.ref);
}

/** Folders of `packs/` a push named that no longer hold a pack.yaml. */
async function removedFolders(dir: string, folders: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of folders) {
    const file = path.join(dir, 'packs', folder, 'pack.yaml');
    if ((await stat(file).catch(() => undefined))?.isFile() !== true) removed.push(folder);
  }
  return removed;
}
