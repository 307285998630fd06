import { stat } from 'node:fs/promises';

import { createRunnerRegistry } from '../../actions/create-runner-registry.js';
import type { RunnerRegistry } from '../../actions/runner.js';
import { createInternalRunner } from '../../actions/runners/internal.js';
import { DEFAULT_CONFIG, type PacksConfig, type PythonConfig } from '../../config/squall-config.js';
import { ConflictError, ValidationError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { ContentIssue, ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { LOCAL_PACK } from '../../snapshot/load-content.js';
import { packContent, type PackContent } from '../../snapshot/pack-content.js';
import { findPacks, type FoundPack } from './find-packs.js';
import { describeSource, parseInstallSource } from './git-source.js';
import { obtainSource, type ObtainedSource } from './obtain-source.js';
import { installedPackDir } from './pack-paths.js';
import {
  newSourceRecord,
  readSourceRecord,
  writeSourceRecord,
  type PackSourceRecord,
} from './source-record.js';
import { stagePacks, validateStaged, type StagedPacks } from './staged-install.js';
import { swapPacksIntoPlace } from './swap-packs-into-place.js';
import { StagedVirtualenvs } from '../venv/staged-venvs.js';

export interface InstallRequest {
  /** `<git-url>[=<ref>]`, a local folder (`/x`, `./x`), or a pack name looked up in the pack index. */
  source: string;
  /** Only these packs of a repository holding several (by ref or folder name). */
  packs?: readonly string[];
  /** Packs live under `packs/` in the repository. @default detected: `packs/` when the root has no pack.yaml */
  subtree?: boolean;
  /** Reinstall packs already at the same commit, replace folders not installed by Squall, reinstall dependencies. */
  force?: boolean;
  skipDependencies?: boolean;
}

export type InstallStep = 'clone' | 'checkout' | 'validate' | 'venv' | 'copy' | 'register';

export interface InstallProgress {
  step: InstallStep;
  pack?: string;
  message: string;
}

export interface InstallDeps {
  home: string;
  /** `packs.index`; `python` (interpreter, pip) for the packs' virtualenvs. */
  config: { packs: PacksConfig; python?: PythonConfig };
  logger: Logger;
  /** The content serving now: bundled packs (which cannot be replaced) and known trigger types. */
  snapshot(): ContentSnapshot;
  /** Makes the engine serve what is on disk; its issues and content are reported for the installed packs. */
  reload(): Promise<ContentSnapshot>;
  /** @default the built-in runners */
  runners?: RunnerRegistry;
  onProgress?: (progress: InstallProgress) => void;
  signal?: AbortSignal;
  /** Where relative local folders resolve. @default home */
  cwd?: string;
}

export interface InstalledPack {
  ref: string;
  version: string;
  dir: string;
  source: PackSourceRecord;
  /** An older version was replaced. */
  replaced: boolean;
  previous_version?: string;
  /** Installed because this pack depends on it. */
  dependency_of?: string;
  /** What it loaded once installed: counts, and what is unsupported and why. */
  content?: PackContent;
}

export interface InstallResult {
  installed: InstalledPack[];
  /** Packs left as they were (already at that commit, or a dependency already installed). */
  unchanged: { ref: string; reason: string }[];
  /** Problems of the installed packs once loaded (warnings; errors of files kept out by a later edit). */
  issues: ContentIssue[];
}

const MAX_DEPENDENCY_DEPTH = 8;

interface Session {
  deps: InstallDeps;
  force: boolean;
  skipDependencies: boolean;
  runners: RunnerRegistry;
  result: InstallResult;
  /** Sources being installed, to stop dependency cycles. */
  visiting: Set<string>;
  /** Every staging folder of the request, deleted when it ends. */
  staged: StagedPacks[];
  /** Validated packs (dependencies first), swapped in together once everything is staged. */
  pending: PendingPack[];
}

interface PendingPack {
  pack: FoundPack;
  stagedDir: string;
  record: PackSourceRecord;
  dependencyOf: string | undefined;
}

/**
 * Installs packs from git, a folder or the pack index: clone, checkout, validate everything, stage
 * dependencies, then put all packs of the request in place at once (all or nothing) and reload once.
 * A failure at any step leaves the installed version of every pack of this request as it was, serving.
 */
export async function installPacks(request: InstallRequest, deps: InstallDeps): Promise<InstallResult> {
  const session: Session = {
    deps,
    force: request.force === true,
    skipDependencies: request.skipDependencies === true,
    runners: deps.runners ?? createRunnerRegistry({ extra: [createInternalRunner(new Map())] }),
    result: { installed: [], unchanged: [], issues: [] },
    visiting: new Set(),
    staged: [],
    pending: [],
  };
  try {
    await installSource(
      session,
      request.source,
      { packs: request.packs, subtree: request.subtree },
      0,
      undefined,
    );
    await putInPlace(session);
  } finally {
    for (const staged of session.staged) await staged.discard();
  }
  if (session.result.installed.length > 0) {
    const refs = new Set(session.result.installed.map((pack) => pack.ref));
    progress(session, { step: 'register', message: `loading ${[...refs].join(', ')}` });
    const loaded = await deps.reload();
    session.result.issues = loaded.issues.filter((issue) => refs.has(issue.pack));
    for (const pack of session.result.installed) {
      pack.content = packContent(loaded, pack.ref);
      deps.logger.info(
        { pack: pack.ref, version: pack.version, url: pack.source.url, commit: pack.source.commit },
        `pack ${pack.ref} ${pack.version} installed`,
      );
    }
  }
  return session.result;
}

async function installSource(
  session: Session,
  text: string,
  selection: { packs: readonly string[] | undefined; subtree: boolean | undefined },
  depth: number,
  dependencyOf: string | undefined,
): Promise<void> {
  const { deps } = session;
  const source = parseInstallSource(text);
  const label = describeSource(source);
  if (session.visiting.has(label)) return;
  session.visiting.add(label);
  const obtained = await obtainSource(source, {
    home: deps.home,
    cwd: deps.cwd ?? deps.home,
    index: deps.config.packs.index,
    ...(deps.signal ? { signal: deps.signal } : {}),
    progress: (step, message) => progress(session, { step, message }),
  });
  try {
    const found = await findPacks(obtained.root, {
      ...(selection.subtree === undefined ? {} : { subtree: selection.subtree }),
      ...(selection.packs ? { packs: selection.packs } : {}),
    });
    const toInstall = await packsToInstall(session, found, obtained);
    if (toInstall.length === 0) return;
    const staged = await stagePacks(deps.home, toInstall);
    session.staged.push(staged);
    for (const pack of toInstall)
      progress(session, {
        step: 'validate',
        pack: pack.ref,
        message: `validating ${pack.ref} ${pack.metadata.version}`,
      });
    await validateStaged(staged, {
      runners: session.runners,
      triggerTypes: knownTriggerTypes(deps.snapshot(), toInstall),
    });
    if (!session.skipDependencies) {
      for (const pack of toInstall) await installDependencies(session, pack, depth);
    }
    for (const pack of toInstall) {
      const stagedDir = staged.dirs.get(pack.ref);
      if (stagedDir === undefined) continue;
      const record = newSourceRecord(obtained, pack.relative);
      await writeSourceRecord(stagedDir, record);
      session.pending.push({ pack, stagedDir, record, dependencyOf });
    }
  } finally {
    await obtained.cleanup();
  }
}

async function packsToInstall(
  session: Session,
  found: readonly FoundPack[],
  obtained: ObtainedSource,
): Promise<FoundPack[]> {
  const { deps } = session;
  const serving = deps.snapshot().packs;
  const chosen: FoundPack[] = [];
  for (const pack of found) {
    if (pack.ref === LOCAL_PACK) {
      throw new ConflictError(
        `pack install: "${LOCAL_PACK}" is the pack of this home's own rules/ and sensors/; give the pack another ref in pack.yaml`,
        { code: 'E_PACK_BUNDLED' },
      );
    }
    if (serving.get(pack.ref)?.bundled === true) {
      throw new ConflictError(
        `pack install: "${pack.ref}" is a pack bundled with Squall and cannot be replaced; rename the pack (ref in pack.yaml)`,
        {
          code: 'E_PACK_BUNDLED',
        },
      );
    }
    const dir = installedPackDir(deps.home, pack.ref);
    const record = await readSourceRecord(dir);
    if (
      !session.force &&
      record?.commit !== undefined &&
      record.commit === obtained.commit &&
      record.url === obtained.url
    ) {
      session.result.unchanged.push({
        ref: pack.ref,
        reason: `already installed at commit ${record.commit.slice(0, 12)}`,
      });
      continue;
    }
    if (!session.force && !record && (await stat(dir).catch(() => undefined)) !== undefined) {
      throw new ConflictError(
        `pack install: ${dir} exists but was not installed by \`squall pack install\`; pass --force (force=true) to replace it`,
        { code: 'E_PACK_EXISTS' },
      );
    }
    chosen.push(pack);
  }
  return chosen;
}

async function installDependencies(session: Session, pack: FoundPack, depth: number): Promise<void> {
  const dependencies = pack.metadata.dependencies ?? [];
  if (!Array.isArray(dependencies)) return;
  for (const dependency of dependencies) {
    if (typeof dependency !== 'string') continue;
    if (depth + 1 > MAX_DEPENDENCY_DEPTH) {
      throw new ValidationError(
        `pack install: dependencies of ${pack.ref} nest deeper than ${MAX_DEPENDENCY_DEPTH} levels; is there a cycle?`,
        {
          code: 'E_PACK_DEPENDENCY',
        },
      );
    }
    const source = parseInstallSource(dependency);
    if (source.kind === 'name' && !session.force && (await isInstalled(session.deps, source.name))) {
      session.result.unchanged.push({
        ref: source.name,
        reason: `dependency of ${pack.ref}, already installed`,
      });
      continue;
    }
    await installSource(session, dependency, { packs: undefined, subtree: undefined }, depth + 1, pack.ref);
  }
}

async function isInstalled(deps: InstallDeps, ref: string): Promise<boolean> {
  if (deps.snapshot().packs.has(ref)) return true;
  return (await stat(installedPackDir(deps.home, ref)).catch(() => undefined)) !== undefined;
}

async function putInPlace(session: Session): Promise<void> {
  const { deps, pending } = session;
  if (pending.length === 0) return;
  const serving = deps.snapshot().packs;
  const venvs = new StagedVirtualenvs({
    home: deps.home,
    python: deps.config.python ?? DEFAULT_CONFIG.python,
    ...(deps.signal ? { signal: deps.signal } : {}),
    onProgress: (pack, message) => progress(session, { step: 'venv', pack, message }),
  });
  await venvs.prepare(pending.map(({ pack, stagedDir }) => ({ ref: pack.ref, stagedDir })));
  for (const { pack } of pending) {
    progress(session, {
      step: 'copy',
      pack: pack.ref,
      message: `installing ${pack.ref} ${pack.metadata.version} into ${installedPackDir(deps.home, pack.ref)}`,
    });
  }
  let swapped;
  try {
    swapped = await swapPacksIntoPlace(
      deps.home,
      pending.map(({ pack, stagedDir }) => ({ ref: pack.ref, stagedDir })),
    );
  } catch (error) {
    await venvs.discard();
    throw error;
  }
  await venvs.activate();
  for (const [index, { pack, record, dependencyOf }] of pending.entries()) {
    const replaced = swapped[index]?.replaced === true;
    const previous = serving.get(pack.ref);
    session.result.installed.push({
      ref: pack.ref,
      version: pack.metadata.version,
      dir: installedPackDir(deps.home, pack.ref),
      source: record,
      replaced,
      ...(previous && replaced ? { previous_version: previous.metadata.version } : {}),
      ...(dependencyOf === undefined ? {} : { dependency_of: dependencyOf }),
    });
  }
}

/** Trigger types serving now, minus those of the packs being replaced (the staged copy brings its own). */
function knownTriggerTypes(snapshot: ContentSnapshot, packs: readonly FoundPack[]) {
  const refs = new Set(packs.map((pack) => pack.ref));
  return [...snapshot.triggerTypes.values()].filter((type) => !refs.has(type.pack));
}

function progress(session: Session, update: InstallProgress): void {
  session.deps.logger.debug({ step: update.step, pack: update.pack }, update.message);
  session.deps.onProgress?.(update);
}
