import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { spawnProcess } from '../../src/actions/runners/spawn-process.js';
import { isAlive, makeTempDir, waitFor } from './action-fixtures.js';

describe('spawnProcess', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('captures stdout, stderr and the exit code', async () => {
    const outcome = await spawnProcess({
      command: '/bin/sh',
      args: ['-c', 'echo out; echo err >&2; exit 3'],
    });
    expect(outcome).toMatchObject({
      stdout: 'out\n',
      stderr: 'err\n',
      exitCode: 3,
      timedOut: false,
      canceled: false,
    });
  });

  it('on timeout kills the whole process group, a background sleep included', async () => {
    const pidFile = path.join(temp.dir, 'sleep.pid');
    const started = Date.now();
    const outcome = await spawnProcess({
      command: '/bin/sh',
      args: ['-c', `sleep 30 & echo $! > ${pidFile}; wait`],
      timeoutMs: 300,
      killGraceMs: 300,
    });
    expect(outcome.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const sleepPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(sleepPid).toBeGreaterThan(0);
    expect(await waitFor(() => !isAlive(sleepPid))).toBe(true);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const outcome = await spawnProcess({
      command: '/bin/sh',
      args: ['-c', "trap '' TERM; while true; do sleep 0.05; done"],
      timeoutMs: 200,
      killGraceMs: 200,
    });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).toBe(-9);
  });

  it('aborting the signal cancels and kills the group', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const outcome = await spawnProcess({
      command: '/bin/sh',
      args: ['-c', 'sleep 30'],
      signal: controller.signal,
    });
    expect(outcome.canceled).toBe(true);
    expect(outcome.exitCode).toBe(-15);
  });

  it('bounds captured output and marks the truncation', async () => {
    const outcome = await spawnProcess({
      command: '/bin/sh',
      args: ['-c', 'head -c 50000 /dev/zero | tr "\\0" a'],
      maxOutputBytes: 1000,
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.startsWith('a'.repeat(1000))).toBe(true);
    expect(outcome.stdout).toContain('[output truncated: 49000 more bytes dropped]');
    expect(outcome.stdout.length).toBeLessThan(1100);
  });

  it('reports a command that cannot start', async () => {
    const outcome = await spawnProcess({ command: path.join(temp.dir, 'missing') });
    expect(outcome.spawnError?.message).toMatch(/ENOENT/);
  });
});
