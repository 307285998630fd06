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
