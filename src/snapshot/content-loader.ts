import path from 'node:path';

import { mapConcurrently } from '../common/map-concurrently.js';
import { readUtf8 } from '../parsing/read-text.js';
import { loadPackMetadata } from '../packs/pack-metadata.js';
import { assembleSnapshot, type AssemblyCache } from './assemble-snapshot.js';
import { listSubfolders, listYamlFiles, stampOf } from './content-scan.js';
import {
  KIND_FOLDERS,
  LOCAL_KIND_FOLDERS,
  LOCAL_PACK,
  localPack,
  type ContentSources,
  type PackRoot,
} from './content-sources.js';
import type {
  ContentIssue,
  ContentKind,
  ContentSnapshot,
  FileContribution,
  PackInfo,
} from './model/content-snapshot.js';
import { emptyContribution, issueFrom, readContribution, warningIssue } from './read-contribution.js';
import type { ContentWarning } from '../parsing/metadata-fields.js';
import { FULL_RELOAD, planReload, type ReloadPlan } from './reload-plan.js';

/** Files read at once: enough to overlap reads with parsing, few enough to stay far from fd limits. */
const READ_CONCURRENCY = 32;

/** One content file as last loaded. */
interface LoadedFile {
  stamp: string | undefined;
  /** The pack it was loaded for: a new PackInfo (changed pack.yaml) means reading it again. */
  pack: PackInfo;
  contribution: FileContribution;
  /** Set when the last read failed (the contribution is then the last good one, or empty). */
  issue: ContentIssue | undefined;
  /** What the last successful read ignored (fields Squall does not use). */
  warnings: readonly ContentIssue[];
}

interface PackEntry {
  dir: string;
  root: PackRoot;
  stamp: string | undefined;
  info: PackInfo | undefined;
  issue: ContentIssue | undefined;
  warnings: readonly ContentIssue[];
}

interface ContentFolder {
  dir: string;
  kind: ContentKind;
  pack: PackInfo;
}

interface FileToRead {
  folder: ContentFolder;
  stamp: string | undefined;
}

/**
 * Loads content and keeps what it read, so that the next load reads only what changed: the files a
 * watcher reported (or, without a report, those whose stamp changed) and what depends on them. The
 * next snapshot shares every other definition with the previous one. Not safe for overlapping
 * loads: the `ContentManager` never overlaps them.
 */
export class ContentLoader {
  readonly #sources: ContentSources;
  readonly #seed: ContentSnapshot | undefined;
  readonly #cache: AssemblyCache = { ruleChecks: new WeakMap() };
  #packs: PackEntry[] = [];
  #listings = new Map<string, string[]>();
  #files = new Map<string, LoadedFile>();
  #local: PackInfo | undefined;
  #snapshot: ContentSnapshot | undefined;
  #loaded = false;

  /** `seed`: a snapshot whose definitions a failing file keeps (when this loader never read it). */
  constructor(sources: ContentSources, seed?: ContentSnapshot) {
    this.#sources = sources;
    this.#seed = seed;
    this.#snapshot = seed;
  }

  /** Loads the next snapshot; `changed` (absolute paths) limits what is read, else stamps decide. */
  async load(changed?: Iterable<string>): Promise<ContentSnapshot> {
    const plan = changed && this.#loaded ? planReload(changed, this.#layout()) : FULL_RELOAD;
    if (plan.rescanPacks) await this.#discoverPacks();
    const packs = this.#packMap();
    const folders = this.#contentFolders(packs);
    const toRead = new Map<string, FileToRead>();
    await mapConcurrently(folders, READ_CONCURRENCY, (folder) => this.#scanFolder(folder, plan, toRead));
    await mapConcurrently([...toRead], READ_CONCURRENCY, ([file, entry]) => this.#read(file, entry));
    if (plan.rescanPacks) this.#forgetUnlisted(folders);
    this.#loaded = true;
    return this.#assemble(packs, folders);
  }

  #layout() {
    const packFolders = new Map<string, string[]>();
    for (const entry of this.#packs) {
      packFolders.set(
        entry.dir,
        KIND_FOLDERS.map(({ folder }) => path.join(entry.dir, folder)),
      );
    }
    const { localDir } = this.#sources;
    return {
      folders: new Set(this.#listings.keys()),
      packFolders,
      ignoredDirs: localDir ? [path.join(path.resolve(localDir), 'configs')] : [],
    };
  }

  async #discoverPacks(): Promise<void> {
    const previous = new Map(this.#packs.map((entry) => [entry.dir, entry]));
    const entries: PackEntry[] = [];
    const seen = new Set<string>();
    for (const root of this.#sources.packRoots) {
      for (const dir of await listSubfolders(root.dir)) {
        if (seen.has(dir)) continue;
        seen.add(dir);
        entries.push({ dir, root, stamp: undefined, info: undefined, issue: undefined, warnings: [] });
      }
    }
    this.#packs = await mapConcurrently(entries, READ_CONCURRENCY, (entry) =>
      this.#packEntry(entry, previous.get(entry.dir)),
    );
  }

  async #packEntry(entry: PackEntry, before: PackEntry | undefined): Promise<PackEntry> {
    const stamp = stampOf(path.join(entry.dir, 'pack.yaml'));
    if (before && stamp !== undefined && before.stamp === stamp && before.root === entry.root) return before;
    const kept =
      before?.info ?? [...(this.#seed?.packs.values() ?? [])].find((pack) => pack.dir === entry.dir);
    const file = path.join(entry.dir, 'pack.yaml');
    const found: ContentWarning[] = [];
    try {
      const metadata = await loadPackMetadata(entry.dir, this.#sources.readText ?? readUtf8, (warning) =>
        found.push(warning),
      );
      const info: PackInfo = { ref: metadata.ref, metadata, dir: entry.dir, bundled: entry.root.bundled };
      // Same metadata (a touched pack.yaml): keep the same PackInfo so its files are not read again.
      const same = before?.info && JSON.stringify(before.info) === JSON.stringify(info);
      const warnings = found.map((warning) => warningIssue(warning, 'pack', info.ref, file));
      return { ...entry, stamp, info: same ? before.info : info, issue: undefined, warnings };
    } catch (error) {
      const issue = issueFrom(error, 'pack', kept?.ref ?? path.basename(entry.dir), file, !!kept);
      return { ...entry, stamp, info: kept, issue, warnings: [] };
    }
  }

  /** The packs by ref, a later root's pack replacing an earlier one of the same ref. */
  #packMap(): Map<string, PackInfo> {
    const packs = new Map<string, PackInfo>();
    for (const entry of this.#packs) if (entry.info) packs.set(entry.info.ref, entry.info);
    return packs;
  }

  #contentFolders(packs: Map<string, PackInfo>): ContentFolder[] {
    const folders: ContentFolder[] = [];
    for (const pack of packs.values()) {
      for (const { folder, kind } of KIND_FOLDERS)
        folders.push({ dir: path.join(pack.dir, folder), kind, pack });
    }
    const localDir = this.#sources.localDir && path.resolve(this.#sources.localDir);
    if (localDir) {
      this.#local ??= localPack(localDir);
      const local = this.#local;
      if (!packs.has(LOCAL_PACK)) packs.set(LOCAL_PACK, local);
      for (const { folder, kind } of LOCAL_KIND_FOLDERS) {
        folders.push({ dir: path.join(localDir, folder), kind, pack: local });
      }
    }
    return folders;
  }

  /** Updates one folder's listing and adds the files that must be read to `toRead`. */
  async #scanFolder(folder: ContentFolder, plan: ReloadPlan, toRead: Map<string, FileToRead>): Promise<void> {
    const listed = this.#listings.get(folder.dir);
    const moved = (file: string) => this.#files.get(file)?.pack !== folder.pack;
    if (plan.full || !listed || plan.scanFolders.has(folder.dir)) {
      const files = await listYamlFiles(folder.dir);
      const kept = new Set(files);
      for (const file of listed ?? []) if (!kept.has(file)) this.#files.delete(file);
      this.#listings.set(folder.dir, files);
      const reread = plan.rereadFolders.has(folder.dir);
      for (const file of files) {
        const stamp = stampOf(file);
        const loaded = this.#files.get(file);
        if (reread || plan.files.has(file) || moved(file) || loaded?.stamp !== stamp) {
          toRead.set(file, { folder, stamp });
        }
      }
      return;
    }
    let listing = listed;
    for (const file of plan.files) {
      if (path.dirname(file) !== folder.dir) continue;
      const stamp = stampOf(file);
      const exists = stamp !== undefined;
      if (exists) toRead.set(file, { folder, stamp });
      if (exists !== listing.includes(file)) {
        listing = exists ? [...listing, file].sort() : listing.filter((known) => known !== file);
      }
      if (!exists) this.#files.delete(file);
    }
    if (plan.rescanPacks)
      for (const file of listing)
        if (!toRead.has(file) && moved(file)) toRead.set(file, { folder, stamp: stampOf(file) });
    this.#listings.set(folder.dir, listing);
  }

  /** `stamp`: taken before the read, so a write during it shows as a change next time. */
  async #read(file: string, { folder, stamp }: FileToRead): Promise<void> {
    const before = this.#files.get(file);
    try {
      const read = await readContribution(file, folder.kind, folder.pack, this.#sources);
      const { contribution, warnings } = read;
      this.#files.set(file, { stamp, pack: folder.pack, contribution, issue: undefined, warnings });
    } catch (error) {
      const good = before && (!before.issue || before.issue.keptPrevious) ? before.contribution : undefined;
      const kept = good ?? (before ? undefined : this.#seed?.files.get(file));
      const issue = issueFrom(error, folder.kind, folder.pack.ref, file, !!kept);
      const contribution = kept ?? emptyContribution(file, folder.kind, folder.pack.ref);
      this.#files.set(file, { stamp, pack: folder.pack, contribution, issue, warnings: [] });
    }
  }

  /** Drops what removed packs and folders contributed. */
  #forgetUnlisted(folders: readonly ContentFolder[]): void {
    const live = new Set(folders.map((folder) => folder.dir));
    for (const dir of this.#listings.keys()) if (!live.has(dir)) this.#listings.delete(dir);
    for (const file of this.#files.keys()) if (!live.has(path.dirname(file))) this.#files.delete(file);
  }

  #assemble(packs: ReadonlyMap<string, PackInfo>, folders: readonly ContentFolder[]): ContentSnapshot {
    const issues: ContentIssue[] = [];
    for (const entry of this.#packs) {
      if (entry.issue) issues.push(entry.issue);
      issues.push(...entry.warnings);
    }
    const contributions: FileContribution[] = [];
    for (const folder of folders) {
      for (const file of this.#listings.get(folder.dir) ?? []) {
        const loaded = this.#files.get(file);
        if (!loaded) continue;
        contributions.push(loaded.contribution);
        if (loaded.issue) issues.push(loaded.issue);
        issues.push(...loaded.warnings);
      }
    }
    const previous = this.#snapshot;
    this.#snapshot = assembleSnapshot({
      version: (previous?.version ?? 0) + 1,
      packs,
      contributions,
      builtinTriggerTypes: this.#sources.builtinTriggerTypes,
      issues,
      previous,
      cache: this.#cache,
    });
    return this.#snapshot;
  }
}
