import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { bundledPacksDir } from '../../src/common/package-root.js';

export interface TempHome {
  home: string;
  /** A folder holding only the bundled packs the test asked for (symlinks). */
  bundled: string;
  write(relative: string, content: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** A Squall home in a temp folder, with a chosen subset of the bundled packs (core by default). */
export async function makeTempHome(bundledPacks: readonly string[] = ['core']): Promise<TempHome> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-test-'));
  const home = path.join(root, 'home');
  const bundled = path.join(root, 'bundled');
  await mkdir(home, { recursive: true });
  await mkdir(bundled, { recursive: true });
  for (const pack of bundledPacks)
    await symlink(path.join(bundledPacksDir(), pack), path.join(bundled, pack));
  return {
    home,
    bundled,
    async write(relative, content) {
      const file = path.join(home, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A minimal pack.yaml body. */
export function packYaml(name: string): string {
  return `name: ${name}\ndescription: test pack ${name}\nversion: 1.0.0\nauthor: tests\n`;
}
