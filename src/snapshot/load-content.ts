import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { loadActionFile } from '../actions/load-action-file.js';
import type { RunnerRegistry } from '../actions/runner.js';
import type { TriggerType } from './model/trigger-type.js';
import { SquallError, errorMessage } from '../common/errors.js';
import { loadAliasFile } from '../chatops/load-alias-file.js';
import { loadRuleFile } from '../rules/load-rule-file.js';
import { loadSensorFile } from '../sensors/pack-sensors/load-sensor-file.js';
import { assembleSnapshot } from './assemble-snapshot.js';
import type {
  ContentIssue,
  ContentKind,
  ContentSnapshot,
  FileContribution,
  PackInfo,
} from './model/content-snapshot.js';
import { loadTriggerTypeFile } from './load-trigger-type-file.js';
import { loadPackMetadata } from '../packs/pack-metadata.js';

export interface PackRoot {
  dir: string;
  bundled: boolean;
}

export interface ContentSources {
  /** Folders holding pack folders, in order; a later pack with the same ref replaces an earlier one. */
  packRoots: readonly PackRoot[];
  /** The install's own content (`<home>/rules`, ...) forms the pack `default`. */
  localDir?: string;
  /** Trigger types that exist without a pack file (timers, webhooks, internal triggers). */
  builtinTriggerTypes: readonly TriggerType[];
  /** The runners actions are checked against (their parameters merge into the action's). */
  runners: RunnerRegistry;
}

export const LOCAL_PACK = 'default';

/** The content folders of a pack and the loader for each. */
const KIND_FOLDERS: readonly { folder: string; kind: ContentKind }[] = [
  { folder: 'triggers', kind: 'trigger' },
  { folder: 'actions', kind: 'action' },
  { folder: 'rules', kind: 'rule' },
  { folder: 'sensors', kind: 'sensor' },
  { folder: 'aliases', kind: 'alias' },
];

/**
 * Loads every pack into a new snapshot. With `previous`, a file that fails to load keeps the version
 * the previous snapshot had, and the failure is reported as an issue.
 */
export async function loadContent(
  sources: ContentSources,
  previous?: ContentSnapshot,
): Promise<ContentSnapshot> {
  const issues: ContentIssue[] = [];
  const packs = await discoverPacks(sources, issues, previous);
  const contributions: FileContribution[] = [];
  for (const pack of packs.values()) {
    for (const { folder, kind } of KIND_FOLDERS) {
      const files = await listYamlFiles(path.join(pack.dir, folder));
      for (const file of files) {
        contributions.push(await loadFile(file, kind, pack, sources, issues, previous));
      }
    }
  }
  if (sources.localDir) {
    const local = localPack(sources.localDir);
    packs.set(LOCAL_PACK, packs.get(LOCAL_PACK) ?? local);
    for (const { folder, kind } of KIND_FOLDERS.filter((k) => k.kind === 'rule' || k.kind === 'sensor')) {
      for (const file of await listYamlFiles(path.join(sources.localDir, folder))) {
        contributions.push(await loadFile(file, kind, local, sources, issues, previous));
      }
    }
  }
  return assembleSnapshot({
    version: (previous?.version ?? 0) + 1,
    packs,
    contributions,
    builtinTriggerTypes: sources.builtinTriggerTypes,
    issues,
  });
}

async function discoverPacks(
  sources: ContentSources,
  issues: ContentIssue[],
  previous: ContentSnapshot | undefined,
): Promise<Map<string, PackInfo>> {
  const packs = new Map<string, PackInfo>();
  const seenDirs = new Set<string>();
  for (const root of sources.packRoots) {
    for (const dir of await listSubfolders(root.dir)) {
      if (seenDirs.has(dir)) continue;
      seenDirs.add(dir);
      try {
        const metadata = await loadPackMetadata(dir);
        packs.set(metadata.ref, { ref: metadata.ref, metadata, dir, bundled: root.bundled });
      } catch (error) {
        const kept = [...(previous?.packs.values() ?? [])].find((pack) => pack.dir === dir);
        if (kept) packs.set(kept.ref, kept);
        issues.push(
          issueFrom(error, 'pack', kept?.ref ?? path.basename(dir), path.join(dir, 'pack.yaml'), !!kept),
        );
      }
    }
  }
  return packs;
}

async function loadFile(
  file: string,
  kind: ContentKind,
  pack: PackInfo,
  sources: ContentSources,
  issues: ContentIssue[],
  previous: ContentSnapshot | undefined,
): Promise<FileContribution> {
  const contribution: FileContribution = {
    file,
    pack: pack.ref,
    kind,
    actions: [],
    rules: [],
    triggerTypes: [],
    sensors: [],
    aliases: [],
  };
  const where = { pack: pack.ref, packDir: pack.dir };
  try {
    if (kind === 'action')
      contribution.actions.push(await loadActionFile(file, { ...where, runners: sources.runners }));
    if (kind === 'rule') contribution.rules.push(await loadRuleFile(file, { pack: pack.ref }));
    if (kind === 'trigger')
      contribution.triggerTypes.push(await loadTriggerTypeFile(file, { pack: pack.ref }));
    if (kind === 'sensor') contribution.sensors.push(await loadSensorFile(file, where));
    if (kind === 'alias') contribution.aliases.push(await loadAliasFile(file, { pack: pack.ref }));
    return contribution;
  } catch (error) {
    const kept = previous?.files.get(file);
    issues.push(issueFrom(error, kind, pack.ref, file, !!kept));
    return kept ?? contribution;
  }
}

export function issueFrom(
  error: unknown,
  kind: ContentKind,
  pack: string,
  file: string,
  keptPrevious: boolean,
): ContentIssue {
  const issue: ContentIssue = {
    severity: 'error',
    kind,
    pack,
    file,
    code: error instanceof SquallError ? error.code : 'E_CONTENT',
    message: errorMessage(error),
  };
  const line = error instanceof SquallError ? error.location?.line : undefined;
  if (line !== undefined) issue.line = line;
  if (keptPrevious) issue.keptPrevious = true;
  return issue;
}

function localPack(dir: string): PackInfo {
  return {
    ref: LOCAL_PACK,
    dir,
    bundled: false,
    metadata: {
      ref: LOCAL_PACK,
      name: LOCAL_PACK,
      description: 'Local content of this Squall install',
      version: '0.0.0',
      author: 'local',
    },
  };
}

async function listSubfolders(dir: string): Promise<string[]> {
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

async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}
