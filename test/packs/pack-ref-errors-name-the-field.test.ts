import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadPackMetadata } from '../../src/packs/pack-metadata.js';

describe('pack.yaml ref errors name the field that is wrong', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'squall-pack-ref-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const meta = (extra: string) =>
    writeFile(
      path.join(dir, 'pack.yaml'),
      `name: My Pack\ndescription: d\nversion: 1.0.0\nauthor: a\n${extra}`,
    );

  it('reports a bad ref as a bad ref, on its line', async () => {
    await meta('ref: My-Pack\n');
    await expect(loadPackMetadata(dir)).rejects.toThrow(
      /pack\.yaml:5: ref "My-Pack" is not a valid pack ref; use lower-case letters, digits and _ only/,
    );
  });

  it('reports a name that is no ref, without a ref, as the name, on its line', async () => {
    await meta('');
    await expect(loadPackMetadata(dir)).rejects.toThrow(
      /pack\.yaml:1: pack name "My Pack" is not a valid ref; add `ref:`/,
    );
  });

  it('accepts a valid ref beside a display name', async () => {
    await meta('ref: my_pack\n');
    await expect(loadPackMetadata(dir)).resolves.toMatchObject({ ref: 'my_pack', name: 'My Pack' });
  });
});
