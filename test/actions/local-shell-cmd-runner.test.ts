import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLocalShellCmdRunner } from '../../src/actions/runners/local-shell-cmd.js';
import { defineAction, makeTempDir, runAction, runnerContext } from './action-fixtures.js';

const local = defineAction({
  runner_type: 'local-shell-cmd',
  parameters: { cmd: { type: 'string', required: true } },
});

describe('local-shell-cmd runner', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('runs the command with bash and returns st2 result fields', async () => {
    const run = await runAction(local, { cmd: 'echo "hello $((1+2))"; echo oops >&2' });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({
      failed: false,
      succeeded: true,
      return_code: 0,
      stdout: 'hello 3',
      stderr: 'oops',
    });
    expect(run.stdout).toBe('hello 3');
  });

  it('decodes JSON output as st2 does', async () => {
    const run = await runAction(local, { cmd: `echo '{"a": [1, 2]}'` });
    expect(run.result).toMatchObject({ stdout: { a: [1, 2] } });
  });

  it('fails with the exit code', async () => {
    const run = await runAction(local, { cmd: 'exit 7' });
    expect(run.status).toBe('failed');
    expect(run.exitCode).toBe(7);
    expect(run.result).toMatchObject({ failed: true, succeeded: false, return_code: 7 });
  });

  it('uses cwd and env, and exports ST2_ACTION_* variables', async () => {
    const run = await runAction(local, {
      cmd: 'echo "$(pwd) $GREETING $ST2_ACTION_EXECUTION_ID"',
      cwd: temp.dir,
      env: { GREETING: 'hi' },
    });
    expect(run.stdout).toBe(`${temp.dir} hi exec-test`);
  });

  it('does not pass SQUALL_* variables of the engine to actions', async () => {
    process.env['SQUALL_TEST_SECRET'] = 'do-not-leak';
    try {
      const run = await runAction(local, { cmd: 'echo "[$SQUALL_TEST_SECRET]"' });
      expect(run.stdout).toBe('[]');
    } finally {
      delete process.env['SQUALL_TEST_SECRET'];
    }
  });

  it('times out with status timeout and st2 error text', async () => {
    const run = await runAction(local, { cmd: 'sleep 20', timeout: 1 });
    expect(run.status).toBe('timeout');
    expect(run.result).toMatchObject({ return_code: -9, error: 'Action failed to complete in 1 seconds' });
  });

  it('cancels when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const run = await runAction(local, { cmd: 'sleep 20' }, controller.signal);
    expect(run.status).toBe('canceled');
  });

  it('refuses sudo clearly when sudo is not installed', async () => {
    const runner = createLocalShellCmdRunner({ searchPath: temp.dir });
    const marker = path.join(temp.dir, 'ran');
    const run = await runner.run(runnerContext(local, { cmd: `touch ${marker}`, sudo: true }));
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/sudo is not installed on this host/);
    expect(existsSync(marker)).toBe(false);
  });

  it('fails with a clear message when cmd is empty', async () => {
    const run = await runAction(local, { cmd: '  ' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/"cmd" is empty/);
  });

  it('fails when the working directory does not exist', async () => {
    const run = await runAction(local, { cmd: 'true', cwd: path.join(temp.dir, 'nope') });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/could not start the process/);
  });
});
