import { resolve } from 'node:path';

import { realPathInside } from '../../security/contained-path.js';

/**
 * The real path of an action's entry point, relative to `<packDir>/actions/`. Returns an error
 * message when it is missing, absent, or resolves (through `..` or symlinks) outside the pack.
 */
export async function resolveEntryPoint(
  packDir: string,
  entryPoint: string | undefined,
  actionRef: string,
): Promise<{ path: string } | { error: string }> {
  if (!entryPoint || entryPoint.trim() === '') {
    return {
      error: `action ${actionRef} has no entry_point; set it to a file under the pack's actions/ folder`,
    };
  }
  const candidate = resolve(packDir, 'actions', entryPoint);
  const found = await realPathInside(packDir, candidate);
  if ('missing' in found) {
    return {
      error: `action ${actionRef}: entry_point "${entryPoint}" does not exist (looked for ${candidate})`,
    };
  }
  if ('outside' in found) {
    return {
      error: `action ${actionRef}: entry_point "${entryPoint}" resolves to ${found.outside}, outside the pack folder ${found.root}; refused`,
    };
  }
  return found;
}
