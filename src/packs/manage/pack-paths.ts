import path from 'node:path';

import { ValidationError } from '../../common/errors.js';
import { printable } from './printable-text.js';

const PACK_REF = /^[a-z0-9_]+$/;

/** `<home>/packs`: where installed packs live. */
export function installedPacksDir(home: string): string {
  return path.join(path.resolve(home), 'packs');
}

/** Throws unless `ref` is a pack ref (`^[a-z0-9_]+$`), so it can never name a folder outside `<home>/packs`. */
export function assertPackRef(ref: string, what = 'pack'): void {
  if (!PACK_REF.test(ref)) {
    throw new ValidationError(
      `${what} "${printable(ref)}" is not a pack ref: use lower-case letters, digits and _ ` +
        '(no "/", "..", or absolute paths)',
      { code: 'E_PACK_REF' },
    );
  }
}

/** `<home>/packs/<ref>`, after checking that `ref` cannot escape it. */
export function installedPackDir(home: string, ref: string): string {
  assertPackRef(ref);
  const root = installedPacksDir(home);
  const dir = path.join(root, ref);
  if (path.dirname(dir) !== root) {
    throw new ValidationError(`pack "${ref}" would be installed outside ${root}`, { code: 'E_PACK_REF' });
  }
  return dir;
}
