import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { recoverInterruptedPackChanges } from '../../src/packs/manage/recover-interrupted-pack-changes.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';
import { echoAction, packYamlText } from './support/git-repo.js';
import { startPackEngine, type PackEngine } from './support/pack-engine.js';

/** Writes a pack whose `greet` action prints `message` into `<home>/packs/<folder>`. */
async function writePack(temp: TempHome, folder: string, ref: string, message: string): Promise<void> {
  await temp.write(`packs/${folder}/pack.yaml`, packYamlText(ref));
  await temp.write(`packs/${folder}/actions/greet.yaml`, echoAction('greet', message));
}

async function dotFolders(home: string): Promise<string[]> {
  const names = await readdir(path.join(home, 'packs'));
  return names.filter((name) => name.startsWith('.')).sort();
}

describe('a pack install or removal interrupted by a crash', () => {
  let env: PackEngine | undefined;
  let temp: TempHome | undefined;
  afterEach(async () => {
    await env?.close();
    await temp?.cleanup();
    env = undefined;
    temp = undefined;
  });

  async function greeting(action: string): Promise<string> {
    if (!env) throw new Error('no engine');
    const done = await env.run(action);
    expect(done.status).toBe('succeeded');
    return String((done.result as { stdout?: unknown }).stdout).trim();
  }

  it('serves the previous version again when the crash came between the two renames', async () => {
    const pid = process.pid;
    env = await startPackEngine({
      prepare: async (home) => {
        await writePack(home, `.previous-hello-${pid}-1700000000000-0`, 'hello', 'old-version');
        await writePack(home, `.staging-${pid}-Ab12Cd/hello`, 'hello', 'new-version');
      },
    });

    expect(existsSync(path.join(env.temp.home, 'packs/hello'))).toBe(true);
    expect(await greeting('hello.greet')).toBe('old-version');
    expect(await dotFolders(env.temp.home)).toEqual([]);
    const log = env.logs.join('');
    expect(log).toContain('the previous version (.previous-hello-');
    expect(log).toContain(`deleted .staging-${pid}-Ab12Cd`);
  });

  it('keeps the new version and deletes the old one and a half-finished removal', async () => {
    const pid = process.pid;
    env = await startPackEngine({
      prepare: async (home) => {
        await writePack(home, 'hello', 'hello', 'new-version');
        await writePack(home, `.previous-hello-${pid}-1700000000000-0`, 'hello', 'old-version');
        await writePack(home, `.removing-gone-${pid}-1700000000000`, 'gone', 'removed');
        await writePack(home, '.staging-Xy98Zw/other', 'other', 'never-installed');
      },
    });

    expect(await greeting('hello.greet')).toBe('new-version');
    expect(env.engine.snapshot().packs.has('gone')).toBe(false);
    expect(env.engine.snapshot().packs.has('other')).toBe(false);
    expect(await dotFolders(env.temp.home)).toEqual([]);
    const log = env.logs.join('');
    expect(log).toContain('deleted .previous-hello-');
    expect(log).toContain('deleted .removing-gone-');
    expect(log).toContain('deleted .staging-Xy98Zw');
  });

  it('puts back the newest previous version when several were left', async () => {
    temp = await makeTempHome();
    const pid = process.pid;
    await writePack(temp, `.previous-hello-${pid}-1700000000000-0`, 'hello', 'older');
    await writePack(temp, `.previous-hello-${pid}-1700000005000-0`, 'hello', 'newer');

    const report = await recoverInterruptedPackChanges(temp.home, silentLogger());

    expect(report.restored).toEqual([{ ref: 'hello', from: `.previous-hello-${pid}-1700000005000-0` }]);
    expect(report.deleted).toEqual([`.previous-hello-${pid}-1700000000000-0`]);
    expect(await dotFolders(temp.home)).toEqual([]);
    expect(existsSync(path.join(temp.home, 'packs/hello/actions/greet.yaml'))).toBe(true);
  });

  it('leaves alone the folders of an install still running in another process', async () => {
    temp = await makeTempHome();
    // The parent of this test worker is alive for the whole test: it stands for a running install.
    const other = process.ppid;
    await writePack(temp, `.previous-hello-${other}-1700000000000-0`, 'hello', 'in-flight');
    await writePack(temp, `.staging-${other}-Qw34Er/hello`, 'hello', 'in-flight');

    const report = await recoverInterruptedPackChanges(temp.home, silentLogger());

    expect(report).toEqual({
      restored: [],
      deleted: [],
      inUse: [`.previous-hello-${other}-1700000000000-0`, `.staging-${other}-Qw34Er`],
    });
    expect(existsSync(path.join(temp.home, 'packs/hello'))).toBe(false);
  });

  it('does nothing on a home without a packs folder', async () => {
    temp = await makeTempHome();

    const report = await recoverInterruptedPackChanges(temp.home, silentLogger());

    expect(report).toEqual({ restored: [], deleted: [], inUse: [] });
    expect(existsSync(path.join(temp.home, 'packs'))).toBe(false);
  });
});
