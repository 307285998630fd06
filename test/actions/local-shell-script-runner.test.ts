import { existsSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineAction, makeTempDir, runAction } from './action-fixtures.js';

/** Prints each argument on its own line between brackets. */
const PRINT_ARGS = '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\n';

describe('local-shell-script runner', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let packDir: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    packDir = path.join(temp.dir, 'pack');
    await mkdir(path.join(packDir, 'actions'), { recursive: true });
    await writeFile(path.join(packDir, 'actions', 'args.sh'), PRINT_ARGS, { mode: 0o755 });
  });
  afterEach(() => temp.cleanup());

  const scriptAction = (entry_point: string, parameters = {}) =>
    defineAction({ runner_type: 'local-shell-script', entry_point, parameters }, packDir);

  it('passes named parameters as --name=value and positional ones by position, as st2', async () => {
    const action = scriptAction('args.sh', {
      host: { type: 'string' },
      verbose: { type: 'boolean' },
      quiet: { type: 'boolean' },
      tags: { type: 'array' },
      second: { type: 'string', position: 1 },
      first: { type: 'integer', position: 0 },
      flag: { type: 'boolean', position: 2 },
    });
    const run = await runAction(action, {
      host: 'db 1',
      verbose: true,
      quiet: false,
      tags: ['a', 'b'],
      first: 5,
      second: 'two words',
      flag: true,
      timeout: 10,
    });
    expect(run.status).toBe('succeeded');
    expect(run.stdout).toBe(
      ['[--host=db 1]', '[--verbose]', '[--tags=["a","b"]]', '[5]', '[two words]', '[1]'].join('\n'),
    );
  });

  it('uses kwarg_op', async () => {
    const action = scriptAction('args.sh', { name: { type: 'string' } });
    const run = await runAction(action, { name: 'x', kwarg_op: '-' });
    expect(run.stdout).toBe('[-name=x]');
  });

  it('never lets a shell interpret parameter values', async () => {
    const marker = path.join(temp.dir, 'pwned');
    const payload = `$(touch ${marker}); touch ${marker}; \`touch ${marker}\``;
    const action = scriptAction('args.sh', {
      value: { type: 'string' },
      pos: { type: 'string', position: 0 },
    });
    const run = await runAction(action, { value: payload, pos: payload });
    expect(run.status).toBe('succeeded');
    expect(run.stdout).toBe(`[--value=${payload}]\n[${payload}]`);
    expect(existsSync(marker)).toBe(false);
  });

  it('exports parameters and ST2 variables to the environment', async () => {
    await writeFile(
      path.join(packDir, 'actions', 'env.sh'),
      '#!/bin/sh\necho "$ST2_PARAM_GREETING $ST2_ACTION_PACK_NAME"\n',
      { mode: 0o755 },
    );
    const run = await runAction(scriptAction('env.sh', { greeting: { type: 'string' } }), {
      greeting: 'hello',
    });
    expect(run.stdout).toBe('hello tests');
  });

  it('makes a script without the executable bit executable, as st2', async () => {
    const file = path.join(packDir, 'actions', 'plain.sh');
    await writeFile(file, '#!/bin/sh\necho plain\n');
    await chmod(file, 0o644);
    const run = await runAction(scriptAction('plain.sh'), {});
    expect(run.stdout).toBe('plain');
  });

  it('refuses an entry point that escapes the pack through ..', async () => {
    await writeFile(path.join(temp.dir, 'outside.sh'), PRINT_ARGS, { mode: 0o755 });
    const run = await runAction(scriptAction('../../outside.sh'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/outside the pack folder/);
  });

  it('refuses an entry point that escapes the pack through a symlink', async () => {
    await writeFile(path.join(temp.dir, 'outside.sh'), PRINT_ARGS, { mode: 0o755 });
    await symlink(path.join(temp.dir, 'outside.sh'), path.join(packDir, 'actions', 'link.sh'));
    const run = await runAction(scriptAction('link.sh'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/outside the pack folder/);
  });

  it('fails clearly when the script is missing', async () => {
    const run = await runAction(scriptAction('missing.sh'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/entry_point "missing.sh" does not exist/);
  });

  it('reports the exit code and stderr of a failing script', async () => {
    await writeFile(path.join(packDir, 'actions', 'fail.sh'), '#!/bin/sh\necho bad >&2\nexit 4\n', {
      mode: 0o755,
    });
    const run = await runAction(scriptAction('fail.sh'), {});
    expect(run).toMatchObject({ status: 'failed', exitCode: 4, stderr: 'bad' });
  });
});
