import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadActionFile } from '../../src/actions/load-action-file.js';
import { resolveActionParameters } from '../../src/actions/resolve-parameters.js';
import { makeTempDir, runAction } from './action-fixtures.js';

const CORE = fileURLToPath(new URL('../../packs/core', import.meta.url));
const loadCore = (name: string) =>
  loadActionFile(path.join(CORE, 'actions', `${name}.yaml`), { pack: 'core', packDir: CORE });

describe('bundled core pack', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('loads every action, all runnable', async () => {
    const files = (await readdir(path.join(CORE, 'actions'))).filter((f) => f.endsWith('.yaml'));
    const refs: string[] = [];
    for (const file of files) {
      const action = await loadCore(file.replace(/\.yaml$/, ''));
      expect(action.unsupported).toBeUndefined();
      refs.push(action.ref);
    }
    expect(refs.sort()).toEqual([
      'core.ask',
      'core.echo',
      'core.error',
      'core.http',
      'core.local',
      'core.local_sudo',
      'core.noop',
      'core.uuid',
    ]);
  });

  it('core.echo prints the message', async () => {
    const echo = await loadCore('echo');
    const run = await runAction(echo, resolveActionParameters(echo, { message: 'hello world' }));
    expect(run).toMatchObject({ status: 'succeeded', stdout: 'hello world' });
  });

  it('core.echo never runs a shell payload in the message', async () => {
    const echo = await loadCore('echo');
    const marker = path.join(temp.dir, 'pwned');
    const payload = `$(touch ${marker}) \`touch ${marker}\` "; touch ${marker}; echo "`;
    const run = await runAction(echo, resolveActionParameters(echo, { message: payload }));
    expect(run.status).toBe('succeeded');
    expect(run.stdout).toBe(payload);
    expect(existsSync(marker)).toBe(false);
  });

  it("core.local with a rule's templated cmd never runs a payload from the trigger", async () => {
    const local = await loadCore('local');
    const marker = path.join(temp.dir, 'pwned');
    const payload = `$(touch ${marker}); touch ${marker} | touch ${marker}`;
    const parameters = resolveActionParameters(
      local,
      { cmd: 'echo {{ trigger.body.name }}' },
      { context: { trigger: { body: { name: payload } } } },
    );
    const run = await runAction(local, parameters);
    expect(run.status).toBe('succeeded');
    expect(run.stdout).toBe(payload);
    expect(existsSync(marker)).toBe(false);
  });

  it('core.error prints to stderr; core.local_sudo fixes sudo to true', async () => {
    const error = await loadCore('error');
    const run = await runAction(error, resolveActionParameters(error, { message: 'bad news' }));
    expect(run).toMatchObject({ status: 'succeeded', stderr: 'bad news', stdout: '' });
    const sudo = await loadCore('local_sudo');
    expect(resolveActionParameters(sudo, { cmd: 'id' })).toMatchObject({ sudo: true });
  });

  it('core.uuid returns a v4 UUID; core.noop succeeds', async () => {
    const uuid = await loadCore('uuid');
    const run = await runAction(uuid, resolveActionParameters(uuid, {}));
    expect(run.status).toBe('succeeded');
    expect((run.result as { result: string }).result).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const noop = await loadCore('noop');
    expect((await runAction(noop, resolveActionParameters(noop, {}))).status).toBe('succeeded');
  });
});
