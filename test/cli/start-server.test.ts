import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDemoHome, type TempHome } from '../api/helpers/temp-home.js';
import { squall } from './helpers/capture-io.js';

const ENTRY = fileURLToPath(new URL('./helpers/squall-entry.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

interface Server {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** `squall start --json` in its own process, resolved once it prints where it listens. */
function startServer(home: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, ENTRY, 'start', '--home', home, '--port', '0', '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SQUALL_LOG_LEVEL: 'info' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`squall start did not come up:\n${stderr}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || !line) return;
      clearTimeout(timer);
      resolve({ child, url: (JSON.parse(line) as { url: string }).url, stderr: () => stderr, exited });
    });
    exited.then((code) => reject(new Error(`squall start exited with ${code}:\n${stderr}`)), reject);
  });
}

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
