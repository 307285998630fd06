import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a file looked like when it was read: size, modification and change times, inode. Equal stamps
 * mean the file need not be read again; a missing file has none. Synchronous: a stat of a local file
 * costs microseconds, a promise through libuv's thread pool ten times that, and a home of 10,000
 * files is stamped at every load.
 */
export function stampOf(file: string): string | undefined {
  let info;
  try {
    info = statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!info?.isFile()) return undefined;
  return `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;
}

/** The pack folders of a root (folders and links to folders, hidden ones skipped), sorted. */
export async function listSubfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) continue;
    if (
      entry.isDirectory() ||
      (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory())
    ) {
      folders.push(path.resolve(full));
    }
  }
  return folders;
}

/** True for the names of content files: `*.yaml` / `*.yml`, not hidden. */
export function isContentFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !name.startsWith('.');
}

/** The content files directly in a folder, sorted; none when it does not exist. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && isContentFileName(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}
