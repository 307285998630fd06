import type { DeployRequest } from './deploy-types.js';
import type { RepositoryConfig } from './repository-config.js';

/**
 * The pack folders a push touched. For a repository of packs under `packs/` these are the
 * `<name>` of every changed `packs/<name>/...` file; a repository that is one pack is touched by
 * any change. `'all'` when the provider did not list files (Bitbucket).
 */
export function changedPackFolders(
  files: readonly string[] | undefined,
  filesKnown: boolean,
  subtree: boolean,
): string[] | 'all' {
  if (!filesKnown || files === undefined) return 'all';
  if (!subtree) return files.length > 0 ? 'all' : [];
  const folders = new Set<string>();
  for (const file of files) {
    const match = /^packs\/([^/]+)\/./.exec(file);
    if (match?.[1] && !match[1].startsWith('.')) folders.add(match[1]);
  }
  return [...folders].sort();
}

/**
 * What an auto-deploy deploys: nothing unless the push is of `auto_deployment.branch`; then the
 * packs whose folders changed (among those asked for), or all of them when files are unknown.
 */
export function autoDeploySelection(
  repo: RepositoryConfig,
  branch: string,
  packs: string[] | undefined,
  request: Pick<DeployRequest, 'changedFiles' | 'filesKnown'>,
): { packs: string[] | undefined } | { skip: string } {
  if (!repo.autoDeployment) return { skip: `repository ${repo.name} has no auto_deployment` };
  if (branch !== repo.autoDeployment.branch) {
    return {
      skip: `pushes to ${branch} are not deployed (auto_deployment.branch is ${repo.autoDeployment.branch})`,
    };
  }
  const folders = changedPackFolders(request.changedFiles, request.filesKnown ?? true, repo.subtree);
  if (folders === 'all') return { packs };
  const changed = (packs ?? folders).filter((pack) => folders.includes(pack));
  return changed.length === 0 ? { skip: 'the push changed no pack' } : { packs: changed };
}
