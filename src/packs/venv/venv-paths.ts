import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

import { assertPackRef } from '../manage/pack-paths.js';

/** Written last into a finished virtualenv: what it was built from. */
export const VENV_RECORD = '.squall-venv.json';

export interface VenvRecord {
  pack: string;
  fingerprint: string;
  interpreter: string;
  python_version: string;
  requirements: string[];
  created_at: string;
}

/** `<home>/virtualenvs`, as StackStorm's `/opt/stackstorm/virtualenvs`. */
export function virtualenvsDir(home: string): string {
  return path.join(path.resolve(home), 'virtualenvs');
}

/** `<home>/virtualenvs/<ref>`: a symbolic link to the pack's current virtualenv. */
export function virtualenvLink(home: string, ref: string): string {
  assertPackRef(ref);
  return path.join(virtualenvsDir(home), ref);
}

/**
 * A new virtualenv's folder, `<ref>-<fingerprint>-<time>`: never moved once built (scripts in its
 * bin/ name their interpreter by absolute path), and never a pack ref (refs hold no "-").
 */
export function newVirtualenvDir(home: string, ref: string, fingerprint: string): string {
  assertPackRef(ref);
  return path.join(virtualenvsDir(home), `${ref}-${fingerprint.slice(0, 12)}-${Date.now().toString(36)}`);
}

/** Whether a folder name in `<home>/virtualenvs` is one of `ref`'s virtualenvs. */
export function isVirtualenvOf(name: string, ref: string): boolean {
  return name.includes('-') && name.split('-')[0] === ref;
}

/** The pack's finished virtualenv (the link's target) and its record, or undefined. */
export async function currentVirtualenv(
  home: string,
  ref: string,
): Promise<{ dir: string; record: VenvRecord } | undefined> {
  const dir = await realpath(virtualenvLink(home, ref)).catch(() => undefined);
  if (dir === undefined) return undefined;
  const record = await readVenvRecord(dir);
  return record ? { dir, record } : undefined;
}

export async function readVenvRecord(dir: string): Promise<VenvRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, VENV_RECORD), 'utf8')) as VenvRecord;
  } catch {
    return undefined;
  }
}
