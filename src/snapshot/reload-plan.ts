import path from 'node:path';

import { isContentFileName } from './content-scan.js';

/** What a reload must look at again; everything else is taken from the previous load unread. */
export interface ReloadPlan {
  /** List the pack roots again (a pack appeared, went, or its pack.yaml changed). */
  rescanPacks: boolean;
  /** Every folder is listed again and every file's stamp compared (a reload with no known changes). */
  full: boolean;
  /** Folders to list again, their files' stamps compared. */
  scanFolders: Set<string>;
  /** Folders whose files are all read again: a file they may refer to (a workflow, a script) changed. */
  rereadFolders: Set<string>;
  /** Content files reported changed: read again, or dropped when gone. */
  files: Set<string>;
}

export const FULL_RELOAD: Readonly<ReloadPlan> = Object.freeze({
  rescanPacks: true,
  full: true,
  scanFolders: new Set<string>(),
  rereadFolders: new Set<string>(),
  files: new Set<string>(),
});

export interface KnownLayout {
  /** Content folders listed by the previous load (kind folders of packs, local rules/ and sensors/). */
  folders: ReadonlySet<string>;
  /** Pack folders of the previous load, each with its content folders. */
  packFolders: ReadonlyMap<string, readonly string[]>;
  /** Files whose changes alter no content definition (`<home>/configs/`: read when used). */
  ignoredDirs: readonly string[];
}

/**
 * Turns the paths a watcher reported into the least a reload must read: a changed rule file is that
 * file; a nested file of a content folder (an Orquesta workflow, a script) re-reads the folder's
 * definitions that may refer to it; any other file of a pack lists the packs again (pack.yaml); a
 * path outside every known pack (a new or removed pack) lists the packs and scans what is new.
 */
export function planReload(changed: Iterable<string>, layout: KnownLayout): ReloadPlan {
  const plan: ReloadPlan = {
    rescanPacks: false,
    full: false,
    scanFolders: new Set(),
    rereadFolders: new Set(),
    files: new Set(),
  };
  for (const file of changed) {
    if (layout.ignoredDirs.some((dir) => isInside(file, dir))) continue;
    const dir = path.dirname(file);
    if (layout.folders.has(dir) && isContentFileName(path.basename(file))) {
      plan.files.add(file);
      continue;
    }
    if (layout.folders.has(file)) {
      plan.scanFolders.add(file);
      continue;
    }
    const folder = enclosing(file, layout.folders);
    if (folder) {
      plan.scanFolders.add(folder);
      plan.rereadFolders.add(folder);
      continue;
    }
    plan.rescanPacks = true;
    const pack = enclosing(file, new Set(layout.packFolders.keys()));
    for (const packFolder of pack ? (layout.packFolders.get(pack) ?? []) : [])
      plan.scanFolders.add(packFolder);
  }
  return plan;
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

/** The nearest ancestor of `file` in `dirs`. */
function enclosing(file: string, dirs: ReadonlySet<string>): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (dirs.has(dir)) return dir;
  }
  return undefined;
}
