import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { LeaseKeeper } from '../../src/cluster/lease-keeper.js';
import { silentLogger } from '../../src/common/logger.js';
import { createSqliteStore } from '../../src/store/drivers/sqlite.js';
import type { Store } from '../../src/store/store.js';

let dir: string;
let store: Store;
const keepers: LeaseKeeper[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'squall-leases-'));
  store = createSqliteStore({ path: path.join(dir, 'squall.db') });
  await store.migrate();
});
afterEach(async () => {
  for (const keeper of keepers.splice(0)) await keeper.stop();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function keeper(holder: string, run = true): { keeper: LeaseKeeper; events: string[] } {
  const created = new LeaseKeeper({ store, holder, ttlMs: 400, renewMs: 50, logger: silentLogger() });
  if (run) created.start();
  keepers.push(created);
  const events: string[] = [];
  created.want('timer:t', { acquired: () => events.push('acquired'), lost: () => events.push('lost') });
  return { keeper: created, events };
}

it('one of two nodes holds a lease and keeps it while it renews', async () => {
  const a = keeper('a');
  await expect.poll(() => a.events).toEqual(['acquired']);
  const b = keeper('b');
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(b.events).toEqual([]);
  expect(a.keeper.held()).toEqual(['timer:t']);
});

it('a lease its holder stops renewing (the node died) is taken by another node once it expires', async () => {
  const dead = keeper('dead', false);
  await expect.poll(() => dead.events).toEqual(['acquired']);
  const b = keeper('b');
  await expect.poll(() => b.events, { timeout: 5_000 }).toEqual(['acquired']);
  expect((await store.listLeases()).map((lease) => lease.holder)).toEqual(['b']);
});

it('a node that stops releases its leases, so another takes them at once', async () => {
  const a = keeper('a');
  await expect.poll(() => a.events).toEqual(['acquired']);
  const b = keeper('b');
  await a.keeper.stop();
  await expect.poll(() => b.events, { timeout: 300, interval: 20 }).toEqual(['acquired']);
});
