import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Execution } from '../../src/domain/execution.js';
import { startServer, stopServer, type Server } from '../cli/helpers/start-server.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

// Slow (a real `squall start`, killed with SIGKILL and started again, three rounds): test:slow.

const TASKS = 20;
const ROUNDS = 3;

/** 20 tasks in a row, each appending its name to a log; task `waitAt` waits 3 s (delay) first. */
function workflow(log: string, waitAt: number): string {
  const lines = ['version: 1.0', 'tasks:'];
  for (let n = 1; n <= TASKS; n++) {
    lines.push(`  t${n}:`);
    if (n === waitAt) lines.push('    delay: 3');
    lines.push(`    action: core.local cmd="echo t${n} | tee -a ${log}"`);
    if (n < TASKS) lines.push('    next:', '      - when: <% succeeded() %>', `        do: t${n + 1}`);
  }
  lines.push('output:', `  - last: <% task(t${TASKS}).result.stdout %>`, '');
  return lines.join('\n');
}

async function api<T>(server: Server, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${route}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function round(temp: TempHome, waitAt: number): Promise<void> {
  const log = path.join(temp.home, 'tasks.log');
  await temp.write('packs/demo/pack.yaml', packYaml('demo'));
  await temp.write('packs/demo/actions/workflows/twenty.yaml', workflow(log, waitAt));
  await temp.write(
    'packs/demo/actions/twenty.yaml',
    'name: twenty\nrunner_type: orquesta\nentry_point: workflows/twenty.yaml\nenabled: true\n',
  );
  const first = await startServer(temp.home);
  let id: string;
  try {
    id = (await api<Execution>(first, 'POST', '/executions', { action: 'demo.twenty' })).id;
    // Killed while task `waitAt` waits for its delay: tasks before it ran, none after it started.
    await until(async () => {
      const children = await api<Execution[]>(first, 'GET', `/executions?parent=${id}&limit=0`);
      return children.some((child) => child.status === 'delayed') ? true : undefined;
    }, `task t${waitAt} to be delayed`);
    first.child.kill('SIGKILL');
    await first.exited;
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
  }

  const second = await startServer(temp.home);
  try {
    const final = await until(async () => {
      const execution = await api<Execution>(second, 'GET', `/executions/${id}`);
      return ['succeeded', 'failed', 'canceled', 'abandoned'].includes(execution.status)
        ? execution
        : undefined;
    }, 'the workflow to end after the restart');
    expect(final.status).toBe('succeeded');
    expect(final.result).toEqual({ output: { last: `t${TASKS}` } });
    const ran = (await readFile(log, 'utf8')).trim().split('\n');
    expect(ran, 'each task ran once, in order').toEqual(Array.from({ length: TASKS }, (_, i) => `t${i + 1}`));
    const children = await api<Execution[]>(second, 'GET', `/executions?parent=${id}&limit=0`);
    expect(children).toHaveLength(TASKS);
    expect(new Set(children.map((child) => child.status))).toEqual(new Set(['succeeded']));
  } finally {
    await stopServer(second);
  }
}

describe('a workflow killed with kill -9 mid-run', () => {
  it(`continues after a restart: no task runs twice, none is skipped (${ROUNDS} rounds)`, async () => {
    for (let n = 0; n < ROUNDS; n++) {
      const temp = await makeTempHome(['core']);
      try {
        await round(temp, 3 + Math.floor(Math.random() * (TASKS - 5)));
      } finally {
        await temp.cleanup();
      }
    }
  });
});
