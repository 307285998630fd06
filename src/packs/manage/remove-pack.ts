import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

import { ConflictError, NotFoundError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { ContentIssue, ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { LOCAL_PACK } from '../../snapshot/load-content.js';
import { assertPackRef, installedPackDir, installedPacksDir } from './pack-paths.js';
import { removeVirtualenvs } from '../venv/pack-venvs.js';

export interface RemoveDeps {
  home: string;
  logger: Logger;
  snapshot(): ContentSnapshot;
  reload(): Promise<{ readonly issues: readonly ContentIssue[] }>;
}

export interface RemoveResult {
  ref: string;
  /** The folder deleted. */
  dir: string;
  version?: string;
}

/**
 * Deletes an installed pack and reloads. The folder is first renamed to a hidden name, so a reload
 * never sees it half deleted; its virtualenv goes too. Bundled packs and the home's own content are
 * refused. The pack's config in `<home>/configs/` is kept (as st2 does), ready for a reinstall.
 */
export async function removePack(ref: string, deps: RemoveDeps): Promise<RemoveResult> {
  assertPackRef(ref);
  const serving = deps.snapshot().packs.get(ref);
  if (serving?.bundled === true) {
    throw new ConflictError(`pack remove: "${ref}" is bundled with Squall and cannot be removed`, {
      code: 'E_PACK_BUNDLED',
    });
  }
  if (ref === LOCAL_PACK) {
    throw new ConflictError(
      `pack remove: "${LOCAL_PACK}" is this home's own rules/ and sensors/; delete those files instead`,
      {
        code: 'E_PACK_BUNDLED',
      },
    );
  }
  const dir = await folderOf(ref, serving?.dir, deps.home);
  const aside = path.join(installedPacksDir(deps.home), `.removing-${ref}-${process.pid}-${Date.now()}`);
  await rename(dir, aside);
  await rm(aside, { recursive: true, force: true });
  deps.logger.info({ pack: ref, dir }, `pack ${ref} removed`);
  await deps.reload();
  // After the reload, so no new execution of the pack starts on a virtualenv being deleted.
  await removeVirtualenvs(deps.home, ref);
  return { ref, dir, ...(serving ? { version: serving.metadata.version } : {}) };
}

/** `<home>/packs/<ref>`, or the folder the serving pack was loaded from when that is another one in `<home>/packs`. */
async function folderOf(ref: string, servingDir: string | undefined, home: string): Promise<string> {
  const root = installedPacksDir(home);
  const candidates = [installedPackDir(home, ref)];
  if (servingDir !== undefined && path.dirname(servingDir) === root) candidates.push(servingDir);
  for (const dir of candidates) {
    if ((await stat(dir).catch(() => undefined))?.isDirectory() === true) return dir;
  }
  throw new NotFoundError(`pack remove: no installed pack "${ref}" in ${root}`, { code: 'E_PACK_NOT_FOUND' });
}
