import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

import type { PythonConfig } from '../../config/squall-config.js';
import { ValidationError } from '../../common/errors.js';
import { loadPackMetadata } from '../pack-metadata.js';
import { buildVirtualenv } from './build-venv.js';
import { resolveInterpreter } from './python-interpreter.js';
import { readRequirements } from './requirements.js';
import {
  currentVirtualenv,
  isVirtualenvOf,
  newVirtualenvDir,
  virtualenvLink,
  virtualenvsDir,
} from './venv-paths.js';

export interface VenvDeps {
  home: string;
  python: Pick<PythonConfig, 'interpreter' | 'pip'>;
  signal?: AbortSignal;
  onProgress?: (pack: string, message: string) => void;
}

/** A virtualenv built beside the live one, not yet in use. */
export interface PreparedVenv {
  pack: string;
  /** The new virtualenv; undefined when none was needed or the current one fits. */
  dir?: string;
  status: 'created' | 'unchanged' | 'not needed';
}

/**
 * Builds the virtualenv a pack (at `packDir`, staged or live) needs, without touching the one in
 * use: a pack with Python actions or sensors or a requirements.txt gets one, rebuilt only when its
 * requirements, python_versions or the interpreter changed (or `force`). Throws with pip's error.
 */
export async function prepareVirtualenv(
  deps: VenvDeps,
  pack: string,
  packDir: string,
  options: { force?: boolean } = {},
): Promise<PreparedVenv> {
  if (!(await needsVirtualenv(packDir))) return { pack, status: 'not needed' };
  const pythonVersions = await checkPythonVersions(pack, packDir);
  const interpreter = await resolveInterpreter(deps.python.interpreter);
  const requirements = await readRequirements(packDir);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ requirements, pythonVersions, interpreter }))
    .digest('hex');
  const current = await currentVirtualenv(deps.home, pack);
  if (!options.force && current?.record.fingerprint === fingerprint) {
    deps.onProgress?.(pack, `the virtualenv of ${pack} is up to date (${current.dir})`);
    return { pack, status: 'unchanged' };
  }
  await mkdir(virtualenvsDir(deps.home), { recursive: true });
  const dir = newVirtualenvDir(deps.home, pack, fingerprint);
  try {
    await buildVirtualenv({
      pack,
      dir,
      interpreter,
      fingerprint,
      requirements,
      requirementsFile: path.join(packDir, 'requirements.txt'),
      pip: deps.python.pip,
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: (message) => deps.onProgress?.(pack, message),
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { pack, dir, status: 'created' };
}

/**
 * Points `<home>/virtualenvs/<pack>` at the prepared virtualenv (one rename of a symbolic link),
 * then deletes the pack's older virtualenvs except the one just replaced, which executions still
 * running may use.
 */
export async function activateVirtualenv(home: string, prepared: PreparedVenv): Promise<void> {
  if (!prepared.dir) return;
  const link = virtualenvLink(home, prepared.pack);
  const previous = await currentVirtualenv(home, prepared.pack);
  const existing = await lstat(link).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    // A folder made by hand (or copied from StackStorm) is replaced, as st2 replaces it.
    await rename(link, `${link}-manual-${Date.now().toString(36)}`);
  }
  const temporary = `${link}.link-${process.pid}`;
  await rm(temporary, { force: true });
  await symlink(path.basename(prepared.dir), temporary);
  await rename(temporary, link);
  const keep = new Set([path.basename(prepared.dir), previous ? path.basename(previous.dir) : '']);
  for (const name of await readdir(virtualenvsDir(home))) {
    if (isVirtualenvOf(name, prepared.pack) && !keep.has(name))
      await rm(path.join(virtualenvsDir(home), name), { recursive: true, force: true });
  }
}

/** Deletes a prepared virtualenv that will not be used (the install failed later). */
export async function discardVirtualenv(prepared: PreparedVenv): Promise<void> {
  if (prepared.dir) await rm(prepared.dir, { recursive: true, force: true });
}

/** Deletes a removed pack's link and virtualenvs. */
export async function removeVirtualenvs(home: string, pack: string): Promise<void> {
  await rm(virtualenvLink(home, pack), { force: true, recursive: true });
  const names = await readdir(virtualenvsDir(home)).catch(() => [] as string[]);
  for (const name of names) {
    if (isVirtualenvOf(name, pack))
      await rm(path.join(virtualenvsDir(home), name), { recursive: true, force: true });
  }
}

/** A requirements.txt, or Python files among its actions or sensors. */
export async function needsVirtualenv(packDir: string): Promise<boolean> {
  if (await lstat(path.join(packDir, 'requirements.txt')).catch(() => undefined)) return true;
  for (const folder of ['actions', 'sensors']) {
    if (await holdsPython(path.join(packDir, folder), 0)) return true;
  }
  return false;
}

async function holdsPython(dir: string, depth: number): Promise<boolean> {
  if (depth > 8) return false;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isFile() && entry.name.endsWith('.py')) return true;
    if (entry.isDirectory() && (await holdsPython(path.join(dir, entry.name), depth + 1))) return true;
  }
  return false;
}

/** pack.yaml's python_versions must include 3 when given, as StackStorm checks at install. */
async function checkPythonVersions(pack: string, packDir: string): Promise<string[] | undefined> {
  const declared = (await loadPackMetadata(packDir))['python_versions'];
  if (declared === undefined || declared === null) return undefined;
  const versions = (Array.isArray(declared) ? declared : [declared]).map(String);
  if (!versions.some((version) => version.trim().startsWith('3'))) {
    throw new ValidationError(
      `pack ${pack} supports Python ${versions.join(', ')} only (python_versions in pack.yaml); Squall runs Python 3`,
      { code: 'E_PACK_PYTHON_VERSION' },
    );
  }
  return versions;
}
