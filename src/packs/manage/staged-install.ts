import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';

import type { RunnerRegistry } from '../../actions/runner.js';
import type { TriggerType } from '../../snapshot/model/trigger-type.js';
import { ValidationError } from '../../common/errors.js';
import type { ContentIssue } from '../../snapshot/model/content-snapshot.js';
import { loadContent } from '../../snapshot/load-content.js';
import type { FoundPack } from './find-packs.js';
import { installedPacksDir } from './pack-paths.js';

/**
 * Packs copied into `<home>/packs/.staging-<pid>-…/<ref>`: on the same file system as their final
 * place, so putting each in place is a rename. Folders starting with "." are never loaded as packs;
 * the pid lets `recoverInterruptedPackChanges` tell a running install's folder from a crashed one's.
 */
export interface StagedPacks {
  root: string;
  dirs: ReadonlyMap<string, string>;
  discard(): Promise<void>;
}

export async function stagePacks(home: string, packs: readonly FoundPack[]): Promise<StagedPacks> {
  const packsDir = installedPacksDir(home);
  await mkdir(packsDir, { recursive: true });
  const root = await mkdtemp(path.join(packsDir, `.staging-${process.pid}-`));
  const dirs = new Map<string, string>();
  try {
    for (const pack of packs) {
      const target = path.join(root, pack.ref);
      await cp(pack.dir, target, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (source) => path.basename(source) !== '.git',
      });
      dirs.set(pack.ref, target);
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return { root, dirs, discard: () => rm(root, { recursive: true, force: true }) };
}

export interface ValidationContext {
  runners: RunnerRegistry;
  /** Trigger types already known (built-in, sensors, other packs), so rules on them do not warn. */
  triggerTypes: readonly TriggerType[];
}

/**
 * Loads the staged packs exactly as the engine will and fails with every error (file, line and
 * message, paths relative to the pack) when a content file does not load. Warnings are returned.
 */
export async function validateStaged(
  staged: StagedPacks,
  context: ValidationContext,
): Promise<ContentIssue[]> {
  const snapshot = await loadContent({
    packRoots: [{ dir: staged.root, bundled: false }],
    builtinTriggerTypes: context.triggerTypes,
    runners: context.runners,
  });
  const issues = snapshot.issues.map((issue) => relativeIssue(issue, staged.root));
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((issue) => `  ${issue.message}`);
    throw new ValidationError(
      `pack install: ${errors.length} content file(s) do not load; nothing was installed:\n${lines.join('\n')}`,
      { code: 'E_PACK_INVALID', details: { issues: errors } },
    );
  }
  return issues;
}

function relativeIssue(issue: ContentIssue, root: string): ContentIssue {
  const prefix = `${root}${path.sep}`;
  return { ...issue, file: issue.file.replaceAll(prefix, ''), message: issue.message.replaceAll(prefix, '') };
}
