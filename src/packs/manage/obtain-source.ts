import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ValidationError } from '../../common/errors.js';
import { maskUrlCredentials } from '../../security/url-credentials.js';
import { cloneAndCheckout } from './git-checkout.js';
import { type InstallSource } from './git-source.js';
import { resolveFromIndex } from './pack-index.js';
import { installedPacksDir } from './pack-paths.js';

/** A folder holding the pack(s) to install, and what to record about where it came from. */
export interface ObtainedSource {
  root: string;
  /** Credentials masked. */
  url: string;
  ref?: string;
  commit?: string;
  cleanup(): Promise<void>;
}

export interface ObtainContext {
  home: string;
  /** Where relative folders resolve. */
  cwd: string;
  index: string | undefined;
  signal?: AbortSignal;
  progress(step: 'clone' | 'checkout', message: string): void;
}

/** Clones a git source (directly or through the pack index) into a temp folder, or checks a local folder. */
export async function obtainSource(source: InstallSource, context: ObtainContext): Promise<ObtainedSource> {
  if (source.kind === 'path') return localFolder(source.path, context);
  let url: string;
  if (source.kind === 'name') {
    const entry = await resolveFromIndex(source.name, { index: context.index, home: context.home });
    url = entry.repo_url;
    context.progress('clone', `pack ${source.name} is ${maskUrlCredentials(url)} in the pack index`);
  } else {
    url = source.url;
  }
  const root = await mkdtemp(path.join(tmpdir(), 'squall-clone-'));
  const cleanup = (): Promise<void> => rm(root, { recursive: true, force: true });
  try {
    context.progress('clone', `cloning ${maskUrlCredentials(url)}`);
    const { commit } = await cloneAndCheckout({
      url,
      dir: root,
      ...(source.ref === undefined ? {} : { ref: source.ref }),
      ...(context.signal ? { signal: context.signal } : {}),
      onCloned: () => context.progress('checkout', `checking out ${source.ref ?? 'the default branch'}`),
    });
    context.progress('checkout', `at commit ${commit.slice(0, 12)}`);
    return {
      root,
      url: maskUrlCredentials(url),
      ...(source.ref === undefined ? {} : { ref: source.ref }),
      commit,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function localFolder(folder: string, context: ObtainContext): Promise<ObtainedSource> {
  const root = path.resolve(context.cwd, folder);
  if ((await stat(root).catch(() => undefined))?.isDirectory() !== true) {
    throw new ValidationError(`pack install: ${root} is not a folder`, { code: 'E_PACK_SOURCE' });
  }
  const packsDir = installedPacksDir(context.home);
  if (root === packsDir || root.startsWith(`${packsDir}${path.sep}`)) {
    throw new ValidationError(
      `pack install: ${root} is already inside ${packsDir}; install from the pack's own source`,
      {
        code: 'E_PACK_SOURCE',
      },
    );
  }
  return { root, url: root, cleanup: async () => undefined };
}
