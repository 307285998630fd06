import type { PythonConfig } from '../../config/squall-config.js';
import { NotFoundError } from '../../common/errors.js';
import type { ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { activateVirtualenv, prepareVirtualenv } from './pack-venvs.js';
import { currentVirtualenv } from './venv-paths.js';

export interface SetupVenvDeps {
  home: string;
  config: { python: PythonConfig };
  snapshot(): ContentSnapshot;
  signal?: AbortSignal;
  onProgress?: (pack: string, message: string) => void;
}

export interface SetupVenvResult {
  pack: string;
  status: 'created' | 'unchanged' | 'not needed';
  /** The virtualenv the pack runs with now (none for a pack without Python content). */
  virtualenv: string | null;
}

/**
 * `squall pack setup-venv` and packs.setup_virtualenv: builds each pack's virtualenv afresh (or,
 * with `update`, only when its requirements changed) and switches the pack over to it.
 */
export async function setupVirtualenvs(
  deps: SetupVenvDeps,
  packs: readonly string[],
  options: { update?: boolean } = {},
): Promise<SetupVenvResult[]> {
  const results: SetupVenvResult[] = [];
  for (const ref of packs) {
    const pack = deps.snapshot().packs.get(ref);
    if (!pack) {
      throw new NotFoundError(`pack setup-venv: no pack "${ref}" is loaded; install it first`, {
        code: 'E_PACK_NOT_FOUND',
      });
    }
    const prepared = await prepareVirtualenv(
      {
        home: deps.home,
        python: deps.config.python,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      },
      ref,
      pack.dir,
      { force: options.update !== true },
    );
    await activateVirtualenv(deps.home, prepared);
    results.push({
      pack: ref,
      status: prepared.status,
      virtualenv: (await currentVirtualenv(deps.home, ref))?.dir ?? null,
    });
  }
  return results;
}
