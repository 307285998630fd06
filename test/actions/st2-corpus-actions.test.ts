import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadActionFile } from '../../src/actions/load-action-file.js';

const CORPUS = '/work/shared/st2-corpus';
const SUPPORTED = new Set([
  'local-shell-cmd',
  'local-shell-script',
  'http-request',
  'noop',
  'inquirer',
  'python-script',
  'run-python',
  'remote-shell-cmd',
  'remote-shell-script',
  'run-remote',
  'run-remote-script',
]);

async function corpusActionFiles(): Promise<{ pack: string; packDir: string; file: string }[]> {
  const files: { pack: string; packDir: string; file: string }[] = [];
  for (const pack of await readdir(CORPUS)) {
    const actionsDir = path.join(CORPUS, pack, 'actions');
    if (!existsSync(actionsDir)) continue;
    for (const entry of await readdir(actionsDir, { recursive: true })) {
      if (/\.ya?ml$/.test(entry))
        files.push({ pack, packDir: path.join(CORPUS, pack), file: path.join(actionsDir, entry) });
    }
  }
  return files;
}

describe.skipIf(!existsSync(CORPUS))('StackStorm corpus action metadata', () => {
  it('loads every action file; runners Squall lacks are listed as unsupported with a reason', async () => {
    const files = await corpusActionFiles();
    expect(files.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let supported = 0;
    let unsupported = 0;
    for (const { pack, packDir, file } of files) {
      try {
        // The corpus's `packs` and `packs-2016` folders both hold the st2 pack named "packs".
        const action = await loadActionFile(file, { pack: pack === 'packs-2016' ? 'packs' : pack, packDir });
        if (SUPPORTED.has(action.spec.runner_type)) {
          expect(action.unsupported).toBeUndefined();
          supported++;
        } else {
          expect(action.unsupported, file).toMatch(/not supported|does not host|only in the engine/);
          unsupported++;
        }
      } catch (error) {
        failures.push(`${file}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(supported).toBeGreaterThan(10);
    expect(unsupported).toBeGreaterThan(10);
  });

  it('loads workflow metadata files (*.meta.yaml) as actions', async () => {
    const metas = (await corpusActionFiles()).filter(({ file }) => file.endsWith('.meta.yaml'));
    expect(metas.length).toBeGreaterThan(5);
    for (const { pack, packDir, file } of metas) {
      const action = await loadActionFile(file, { pack, packDir });
      expect(action.ref).toBe(`${pack}.${action.spec.name}`);
    }
  });

  it("merges core.echo's immutable cmd default with the runner's cmd", async () => {
    const file = path.join(CORPUS, 'core', 'actions', 'echo.yaml');
    const action = await loadActionFile(file, { pack: 'core', packDir: path.join(CORPUS, 'core') });
    expect(action.parameters['cmd']).toMatchObject({ type: 'string', immutable: true, required: true });
    expect(action.parameters['timeout']).toMatchObject({ type: 'integer', default: 60 });
    expect(action.parameters['kwarg_op']).toMatchObject({ immutable: true, default: '--' });
  });
});
