import { rename as fsRename, rm } from 'node:fs/promises';
import path from 'node:path';

import { BackendError, errorMessage } from '../../common/errors.js';
import { installedPackDir, installedPacksDir } from './pack-paths.js';

export interface PackSwap {
  ref: string;
  /** The staged copy, on the same file system as `<home>/packs`. */
  stagedDir: string;
}

export interface SwappedPack {
  ref: string;
  /** An older folder was replaced. */
  replaced: boolean;
}

export interface SwapOptions {
  /** @default fs.promises.rename */
  rename?: (from: string, to: string) => Promise<void>;
}

interface DoneSwap {
  ref: string;
  target: string;
  stagedDir: string;
  aside: string | undefined;
}

/**
 * Puts every staged pack of one request at `<home>/packs/<ref>`, all or nothing: each old folder is
 * renamed aside to `.previous-<ref>-<pid>-<time>-<n>` and the staged one renamed in. If any rename
 * fails, every pack already swapped gets its old folder back before the error is thrown; the old
 * folders are deleted only once all packs are in place. A crash in between leaves `.previous-*`
 * folders that `recoverInterruptedPackChanges` puts back at the next engine start.
 */
export async function swapPacksIntoPlace(
  home: string,
  swaps: readonly PackSwap[],
  options: SwapOptions = {},
): Promise<SwappedPack[]> {
  const rename = options.rename ?? fsRename;
  const stamp = `${process.pid}-${Date.now()}`;
  const done: DoneSwap[] = [];
  for (const [index, swap] of swaps.entries()) {
    const target = installedPackDir(home, swap.ref);
    const aside = path.join(installedPacksDir(home), `.previous-${swap.ref}-${stamp}-${index}`);
    try {
      done.push(await swapOne(rename, swap, target, aside));
    } catch (error) {
      const unrestored = await undo(rename, done);
      throw swapError(swap.ref, target, error, unrestored);
    }
  }
  for (const swap of done) {
    if (swap.aside !== undefined) await rm(swap.aside, { recursive: true, force: true });
  }
  return done.map((swap) => ({ ref: swap.ref, replaced: swap.aside !== undefined }));
}

async function swapOne(
  rename: (from: string, to: string) => Promise<void>,
  swap: PackSwap,
  target: string,
  aside: string,
): Promise<DoneSwap> {
  let movedAside = false;
  try {
    await rename(target, aside);
    movedAside = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(swap.stagedDir, target);
  } catch (error) {
    if (movedAside) await rename(aside, target);
    throw error;
  }
  return { ref: swap.ref, target, stagedDir: swap.stagedDir, aside: movedAside ? aside : undefined };
}

/** Puts back, newest first, the folders of the packs already swapped; describes those it could not. */
async function undo(
  rename: (from: string, to: string) => Promise<void>,
  done: readonly DoneSwap[],
): Promise<string[]> {
  const unrestored: string[] = [];
  for (const swap of [...done].reverse()) {
    try {
      // The new copy goes back into the staging folder, which the caller deletes.
      await rename(swap.target, swap.stagedDir);
    } catch (error) {
      unrestored.push(`${swap.ref} stays at the new version (${errorMessage(error)})`);
      continue;
    }
    if (swap.aside === undefined) continue;
    try {
      await rename(swap.aside, swap.target);
    } catch (error) {
      unrestored.push(
        `${swap.ref} is missing (${errorMessage(error)}); the next engine start puts back ${swap.aside}`,
      );
    }
  }
  return unrestored;
}

function swapError(ref: string, target: string, cause: unknown, unrestored: readonly string[]): BackendError {
  const outcome =
    unrestored.length === 0
      ? 'every pack of this request was left as it was'
      : `putting the other packs back failed: ${unrestored.join('; ')}`;
  return new BackendError(
    `pack install: could not put ${ref} in place at ${target}: ${errorMessage(cause)}; ${outcome}. Check that ${path.dirname(target)} is writable and retry`,
    { code: 'E_PACK_SWAP', cause, details: { pack: ref, unrestored } },
  );
}
