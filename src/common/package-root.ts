import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding Squall's package.json, found from this module's location, so files that tsc does
 * not copy (SQL migrations, bundled packs, host scripts) resolve the same from src/ and dist/.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`squall: cannot find package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Packs shipped with Squall (`core`, `packs`, `chatops`, `squall_demo`). */
export function bundledPacksDir(): string {
  return path.join(packageRoot(), 'packs');
}

/** Squall's Python code: the action worker and sensor host, and its StackStorm API (`st2common`, …). */
export function pythonHostDir(): string {
  return path.join(packageRoot(), 'python');
}
