import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPESCRIPT_MODULE = /\.(ts|mts|cts)$/;

/** Whether Node needs a TypeScript loader to import this file. */
export function isTypescriptModule(file: string): boolean {
  return TYPESCRIPT_MODULE.test(file);
}

/**
 * The `--import` arguments a Node child needs to run `host` with a pack's `modulePath`.
 *
 * Squall itself ships compiled JavaScript, so TypeScript loading is only for pack code. The loader
 * is tsx, found first from the pack module's folder (a pack that ships `.ts` brings tsx in its own
 * `node_modules`, as it brings every other dependency), then from wherever Squall is installed (a
 * source checkout has it as a dev dependency). With none found the child starts without a loader:
 * a Node.js that strips types itself runs the module, any other fails to import it and the host
 * reports {@link typescriptLoaderMissing}.
 */
export function typescriptImportArgs(
  host: string,
  modulePath: string,
  searchFrom: readonly string[] = [path.dirname(modulePath), import.meta.dirname],
): string[] {
  if (!isTypescriptModule(host) && !isTypescriptModule(modulePath)) return [];
  const loader = findTsx(searchFrom);
  return loader ? ['--import', loader] : [];
}

/** tsx's entry as a file URL, so the child finds it whatever its working directory. */
export function findTsx(searchFrom: readonly string[]): string | undefined {
  for (const dir of searchFrom) {
    try {
      return pathToFileURL(createRequire(path.join(dir, 'noop.js')).resolve('tsx')).href;
    } catch {
      // Not installed there; try the next folder.
    }
  }
  return undefined;
}

/**
 * The hosts' error for a `.ts` module that Node could not import for want of a loader, or the
 * original error's message when that was not the reason.
 */
export function explainImportError(modulePath: string, error: unknown): Error | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !isTypescriptModule(modulePath)) return undefined;
  return new Error(typescriptLoaderMissing(modulePath), { cause: error });
}

export function typescriptLoaderMissing(modulePath: string): string {
  return (
    `${modulePath} is TypeScript and this Node.js (${process.version}) cannot load it without a loader: ` +
    'add tsx to the pack (`npm install tsx` in the pack folder) or ship the module compiled to .js ' +
    '(see docs/actions.md#nodejs)'
  );
}
