import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { SquallError, ValidationError, errorMessage } from '../../common/errors.js';
import { loadPackMetadata, type PackMetadata } from '../pack-metadata.js';

/** A pack found in a checkout or a local folder. */
export interface FoundPack {
  ref: string;
  /** Absolute folder of the pack in the checkout. */
  dir: string;
  /** The folder relative to the repository root (`.` or `packs/<name>`). */
  relative: string;
  metadata: PackMetadata;
}

export interface FindPacksOptions {
  /** Packs live under `packs/`; undefined: `packs/` when the root has no pack.yaml. */
  subtree?: boolean;
  /** Only these packs (by ref or folder name). */
  packs?: readonly string[];
}

/**
 * The packs of a repository: the root itself, or each folder of `packs/` holding a pack.yaml. A
 * selected pack whose pack.yaml does not validate fails with the file and the reason; packs that
 * were not selected are not read further.
 */
export async function findPacks(root: string, options: FindPacksOptions = {}): Promise<FoundPack[]> {
  const rootHasPack = await isFile(path.join(root, 'pack.yaml'));
  const subtree = options.subtree ?? !rootHasPack;
  const candidates = subtree
    ? await subtreeCandidates(root)
    : rootHasPack
      ? [{ dir: root, relative: '.' }]
      : [];
  if (candidates.length === 0) {
    throw new ValidationError(
      subtree
        ? 'pack install: the repository has no packs/<name>/pack.yaml; without --subtree a pack.yaml at the root is used'
        : 'pack install: the repository has no pack.yaml at its root; for packs under packs/ use --subtree',
      { code: 'E_PACK_NOT_FOUND' },
    );
  }
  const wanted = options.packs && options.packs.length > 0 ? new Set(options.packs) : undefined;
  const found: FoundPack[] = [];
  const matched = new Set<string>();
  for (const candidate of candidates) {
    const folder = path.basename(candidate.dir);
    const metadata = await loadPackMetadata(candidate.dir).catch((error: unknown) => {
      if (wanted && !wanted.has(folder)) return undefined;
      throw relabel(error, root);
    });
    if (!metadata) continue;
    const selectedAs = wanted ? [metadata.ref, folder].find((name) => wanted.has(name)) : metadata.ref;
    if (selectedAs === undefined) continue;
    for (const name of [metadata.ref, folder]) if (wanted?.has(name)) matched.add(name);
    found.push({ ref: metadata.ref, dir: candidate.dir, relative: candidate.relative, metadata });
  }
  const missing = wanted ? [...wanted].filter((name) => !matched.has(name)) : [];
  if (missing.length > 0) {
    const available = candidates.map((candidate) => path.basename(candidate.dir)).join(', ');
    throw new ValidationError(
      `pack install: the repository has no pack ${missing.join(', ')}; it has: ${available}`,
      {
        code: 'E_PACK_NOT_FOUND',
      },
    );
  }
  assertDistinctRefs(found);
  return found;
}

async function subtreeCandidates(root: string): Promise<{ dir: string; relative: string }[]> {
  const base = path.join(root, 'packs');
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  const candidates: { dir: string; relative: string }[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(base, entry.name);
    if (await isFile(path.join(dir, 'pack.yaml'))) candidates.push({ dir, relative: `packs/${entry.name}` });
  }
  return candidates;
}

function assertDistinctRefs(found: readonly FoundPack[]): void {
  const seen = new Map<string, string>();
  for (const pack of found) {
    const other = seen.get(pack.ref);
    if (other !== undefined) {
      throw new ValidationError(
        `pack install: ${other} and ${pack.relative} both declare pack "${pack.ref}"; rename one`,
        {
          code: 'E_DUPLICATE_REF',
        },
      );
    }
    seen.set(pack.ref, pack.relative);
  }
}

/** Paths in the temporary checkout mean nothing to the user: name files relative to the repository. */
function relabel(error: unknown, root: string): SquallError {
  const message = errorMessage(error).replaceAll(`${root}${path.sep}`, '');
  const code = error instanceof SquallError ? error.code : 'E_PACK_METADATA';
  return new ValidationError(`pack install: ${message}`, { code });
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}
