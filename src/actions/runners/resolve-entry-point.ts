import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

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
  let realPack: string;
  let realEntry: string;
  try {
    realPack = await realpath(packDir);
    realEntry = await realpath(candidate);
  } catch {
    return {
      error: `action ${actionRef}: entry_point "${entryPoint}" does not exist (looked for ${candidate})`,
    };
  }
  const inside = relative(realPack, realEntry);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return {
      error: `action ${actionRef}: entry_point "${entryPoint}" resolves to ${realEntry}, outside the pack folder ${realPack}; refused`,
    };
  }
  return { path: realEntry };
}
