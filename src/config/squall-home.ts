import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

import { ValidationError } from '../common/errors.js';

/** The folder name of a home found by walking up from the current folder. */
export const DEFAULT_HOME_FOLDER = '.squall';

export interface HomeChoice {
  /** `--home`, when given (relative to `cwd`). */
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The home a command works on: `--home`, else `$SQUALL_HOME`, else the `.squall/` folder of the
 * current folder or of the nearest parent that has one (as git finds `.git/`), else `./.squall`.
 */
export function resolveSquallHome(choice: HomeChoice): string {
  const given = choice.flag ?? nonEmpty(choice.env['SQUALL_HOME']);
  if (given !== undefined) return path.resolve(choice.cwd, given);
  const start = path.resolve(choice.cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DEFAULT_HOME_FOLDER);
    if (isDirectory(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(start, DEFAULT_HOME_FOLDER);
  }
}

/**
 * A home whose `packs/` is a bundled-packs folder (the source tree used as the home) would load
 * installed packs as bundled ones, which cannot be deployed over or removed: refused.
 */
export function assertHomeOutsideBundledPacks(home: string, bundledPacksDirs: readonly string[]): void {
  const packs = canonical(path.join(home, 'packs'));
  if (!bundledPacksDirs.some((dir) => canonical(dir) === packs)) return;
  throw new ValidationError(
    `squall: the home ${path.resolve(home)} is the folder of Squall's bundled packs (${packs}); ` +
      `use another home: --home DIR or SQUALL_HOME=DIR (the quick start uses ${DEFAULT_HOME_FOLDER}/)`,
    { code: 'E_HOME_IS_PACKAGE' },
  );
}

function canonical(dir: string): string {
  const resolved = path.resolve(dir);
  return existsSync(resolved) ? realpathSync(resolved) : resolved;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
