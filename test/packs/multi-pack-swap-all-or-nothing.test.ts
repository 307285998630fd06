import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SquallError } from '../../src/common/errors.js';
import { swapPacksIntoPlace, type PackSwap } from '../../src/packs/manage/swap-packs-into-place.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';

describe('putting the packs of one install request in place', () => {
  let temp: TempHome;
  let swaps: PackSwap[];
  beforeEach(async () => {
    temp = await makeTempHome();
    // alpha and beta are installed (old); gamma is new. The staged copies hold the new versions.
    await temp.write('packs/alpha/version.txt', 'alpha-old');
    await temp.write('packs/beta/version.txt', 'beta-old');
    swaps = [];
    for (const ref of ['alpha', 'beta', 'gamma']) {
      await temp.write(`packs/.staging-1-Abc123/${ref}/version.txt`, `${ref}-new`);
      swaps.push({ ref, stagedDir: path.join(temp.home, `packs/.staging-1-Abc123/${ref}`) });
    }
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  const versionOf = (ref: string): Promise<string> =>
    readFile(path.join(temp.home, 'packs', ref, 'version.txt'), 'utf8');
  const previousFolders = async (): Promise<string[]> =>
    (await readdir(path.join(temp.home, 'packs'))).filter((name) => name.startsWith('.previous-'));

  it('swaps every pack in and deletes the old folders', async () => {
    const swapped = await swapPacksIntoPlace(temp.home, swaps);

    expect(swapped).toEqual([
      { ref: 'alpha', replaced: true },
      { ref: 'beta', replaced: true },
      { ref: 'gamma', replaced: false },
    ]);
    expect(await Promise.all(['alpha', 'beta', 'gamma'].map(versionOf))).toEqual([
      'alpha-new',
      'beta-new',
      'gamma-new',
    ]);
    expect(await previousFolders()).toEqual([]);
  });

  it('puts every pack back as it was when the second swap fails', async () => {
    const stagedBeta = swaps[1]?.stagedDir;
    const failingRename = async (from: string, to: string): Promise<void> => {
      if (from === stagedBeta) {
        throw Object.assign(new Error(`EACCES: permission denied, rename '${from}'`), { code: 'EACCES' });
      }
      await rename(from, to);
    };

    const failure = await swapPacksIntoPlace(temp.home, swaps, { rename: failingRename }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(SquallError);
    expect((failure as SquallError).code).toBe('E_PACK_SWAP');
    expect((failure as SquallError).message).toContain('every pack of this request was left as it was');
    expect(await versionOf('alpha')).toBe('alpha-old');
    expect(await versionOf('beta')).toBe('beta-old');
    expect(existsSync(path.join(temp.home, 'packs/gamma'))).toBe(false);
    expect(await previousFolders()).toEqual([]);
    // The new alpha went back to its staging folder, which the install then deletes.
    expect(await readFile(path.join(swaps[0]?.stagedDir ?? '', 'version.txt'), 'utf8')).toBe('alpha-new');
  });

  it('says which pack it could not put back when undoing fails too', async () => {
    const stagedGamma = swaps[2]?.stagedDir;
    const alphaTarget = path.join(temp.home, 'packs/alpha');
    const failingRename = async (from: string, to: string): Promise<void> => {
      if (from === stagedGamma || (from.includes('.previous-alpha-') && to === alphaTarget)) {
        throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      }
      await rename(from, to);
    };

    const failure = await swapPacksIntoPlace(temp.home, swaps, { rename: failingRename }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect((failure as SquallError).code).toBe('E_PACK_SWAP');
    expect((failure as SquallError).message).toMatch(/alpha is missing .*next engine start puts back/);
    expect(await versionOf('beta')).toBe('beta-old');
    expect(await previousFolders()).toHaveLength(1);
  });
});
