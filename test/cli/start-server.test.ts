import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDemoHome, type TempHome } from '../api/helpers/temp-home.js';
import { squall } from './helpers/capture-io.js';
import { startServer, type Server } from './helpers/start-server.js';

describe('squall start', () => {
  let home: TempHome;
  let server: Server;

  beforeAll(async () => {
    home = await createDemoHome();
    server = await startServer(home.dir);
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await home.remove();
  });

  it('serves the API on 127.0.0.1 and records itself in data/squall.pid', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(existsSync(path.join(home.dir, 'data', 'squall.pid'))).toBe(true);
  });

  it('makes the CLI talk to the running server instead of opening the store', async () => {
    const run = await squall([
      'run',
      'core.local',
      'cmd=echo through-the-server',
      '--home',
      home.dir,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const execution = run.json<{ id: string; stdout: string }>();
    expect(execution.stdout).toBe('through-the-server');
    // The server process ran it: its log names the execution.
    await expect.poll(() => server.stderr()).toContain(execution.id);
  });

  it('refuses a second server on the same home', async () => {
    const second = await squall(['start', '--home', home.dir, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already serves');
  });

  it('stops on SIGTERM, exiting 0 and removing its pid file', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('squall stopped');
    expect(existsSync(path.join(home.dir, 'data', 'squall.pid'))).toBe(false);
  });
});
