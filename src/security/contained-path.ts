import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export type ContainedPath = { path: string } | { missing: true } | { outside: string; root: string };

/**
 * The real path of `candidate` (symlinks and `..` resolved), when it exists and lies inside the real
 * path of `root`. Pack code must never reach outside its pack: a checked text path is not enough,
 * since a symlink inside the pack may point anywhere.
 */
export async function realPathInside(root: string, candidate: string): Promise<ContainedPath> {
  const realRoot = await realpath(root).catch(() => resolve(root));
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    // Missing: say so, unless its very text already leaves the pack.
    return isInside(resolve(root), resolve(candidate))
      ? { missing: true }
      : { outside: resolve(candidate), root };
  }
  return isInside(realRoot, real) ? { path: real } : { outside: real, root: realRoot };
}

function isInside(root: string, file: string): boolean {
  const inside = relative(root, file);
  return !(inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside));
}
