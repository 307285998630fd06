import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { createClusterLock } from '../../src/cluster/cluster-lock.js';
import { createSqliteStore } from '../../src/store/drivers/sqlite.js';
import type { Store } from '../../src/store/store.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'squall-lock-'));
  store = createSqliteStore({ path: path.join(dir, 'squall.db') });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const lockFor = (holder: string) => createClusterLock({ store, holder, prefix: 'deploy', pollMs: 10 });

it('work on the same pack from two nodes runs one at a time; other packs run alongside', async () => {
  const log: string[] = [];
  const step = (name: string, ms: number) => async () => {
    log.push(`${name} start`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    log.push(`${name} end`);
  };
  await Promise.all([
    lockFor('n1')(['pack:a'], step('n1 a', 100)),
    lockFor('n2')(['pack:a'], step('n2 a', 10)),
    lockFor('n3')(['pack:b'], step('n3 b', 10)),
  ]);
  const first = log.indexOf('n1 a start') < log.indexOf('n2 a start') ? 'n1 a' : 'n2 a';
  const second = first === 'n1 a' ? 'n2 a' : 'n1 a';
  expect(log.indexOf(`${first} end`)).toBeLessThan(log.indexOf(`${second} start`));
  expect(log.indexOf('n3 b end')).toBeLessThan(log.indexOf('n1 a end'));
  expect(await store.listLeases()).toEqual([]);
});

it('a deploy of every pack (pack:*) waits for one of a single pack on another node', async () => {
  const log: string[] = [];
  const single = lockFor('n1')(['pack:a'], async () => {
    log.push('single start');
    await new Promise((resolve) => setTimeout(resolve, 100));
    log.push('single end');
  });
  await expect.poll(async () => (await store.listLeases()).length).toBe(1);
  await lockFor('n2')(['pack:*'], async () => void log.push('all'));
  await single;
  expect(log).toEqual(['single start', 'single end', 'all']);
});
