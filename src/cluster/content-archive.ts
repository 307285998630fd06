import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import { ValidationError } from '../common/errors.js';

/** The folders of a home that are its content, the same on every node of a cluster. */
export const CONTENT_FOLDERS = ['packs', 'rules', 'sensors', 'configs'] as const;

/** Never content: build output, caches and virtualenvs are per node. */
const SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', 'virtualenv']);

/** An archive past this is refused: pack content is code and YAML, not data. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Relative path (`packs/demo/pack.yaml`) → bytes. */
export type ContentTree = Map<string, Buffer>;

export async function readContentTree(home: string): Promise<ContentTree> {
  const tree: ContentTree = new Map();
  let total = 0;
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(home, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIPPED.has(entry.name)) continue;
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        const bytes = await readFile(path.join(home, child));
        total += bytes.length;
        if (total > MAX_BYTES) {
          throw new ValidationError(
            `cluster: the content folders of ${home} hold more than ${MAX_BYTES >> 20} MiB; keep data outside packs/`,
            { code: 'E_CONTENT_TOO_LARGE' },
          );
        }
        tree.set(child, bytes);
      }
    }
  };
  for (const folder of CONTENT_FOLDERS) await walk(folder);
  return tree;
}

/** Equal content, equal revision: a hash of every path and its bytes, in order. */
export function revisionOf(tree: ContentTree): string {
  const hash = createHash('sha256');
  for (const [file, bytes] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(`${file}\u0000${createHash('sha256').update(bytes).digest('hex')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

export function packTree(tree: ContentTree): string {
  const files = Object.fromEntries([...tree].map(([file, bytes]) => [file, bytes.toString('base64')]));
  return gzipSync(JSON.stringify(files)).toString('base64');
}

export function unpackTree(archive: string): ContentTree {
  const files = JSON.parse(gunzipSync(Buffer.from(archive, 'base64')).toString('utf8')) as Record<
    string,
    string
  >;
  const tree: ContentTree = new Map();
  for (const [file, base64] of Object.entries(files)) {
    const normal = path.posix.normalize(file);
    if (normal.startsWith('..') || path.posix.isAbsolute(normal)) continue;
    tree.set(normal, Buffer.from(base64, 'base64'));
  }
  return tree;
}

/**
 * Replaces the home's content folders with the tree's: written beside them first, then each
 * folder swapped by rename, so a reader sees the old folder or the new one, never a half-written one.
 */
export async function writeContentTree(home: string, tree: ContentTree, label: string): Promise<void> {
  const staging = path.join(home, `.squall-content-${label}`);
  await rm(staging, { recursive: true, force: true });
  for (const folder of CONTENT_FOLDERS) await mkdir(path.join(staging, folder), { recursive: true });
  for (const [file, bytes] of tree) {
    const target = path.join(staging, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  for (const folder of CONTENT_FOLDERS) {
    const live = path.join(home, folder);
    const old = path.join(staging, `${folder}.old`);
    const exists = await lstat(live).then(
      () => true,
      () => false,
    );
    if (exists) await rename(live, old);
    await rename(path.join(staging, folder), live);
  }
  await rm(staging, { recursive: true, force: true });
}
