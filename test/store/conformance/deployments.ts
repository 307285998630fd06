import { expect, it } from 'vitest';

import type { DeployedPack, Deployment } from '../../../src/domain/deployment.js';
import { NotFoundError, ValidationError } from '../../../src/common/errors.js';
import type { DeploymentStore } from '../../../src/store/deployment-store.js';
import { idAt } from './fixtures.js';
import { describeWithStore, type Closable, type StoreTestTarget } from './store-target.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function deployment(n: number, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: idAt(n),
    repo_name: 'ops/my-packs',
    repo_url: 'https://********@git.example.com/ops/my-packs.git',
    branch: 'feature/ü',
    commit: null,
    packs: ['alpha'],
    requested_packs: ['alpha'],
    mode: 'manual',
    requested_by: 'alice',
    status: 'queued',
    execution: null,
    force: false,
    changelog: [],
    notification: null,
    error: null,
    details: {},
    created_at: iso(T0 + n),
    started_at: null,
    finished_at: null,
    rollback_at: null,
    confirm_expires_at: null,
    ...overrides,
  };
}

function deployedPack(pack: string, overrides: Partial<DeployedPack> = {}): DeployedPack {
  return {
    pack,
    repo_name: 'ops/my-packs',
    repo_url: 'file:///srv/my-packs.git',
    branch: 'feature/x',
    default_branch: 'master',
    commit: 'a'.repeat(40),
    deployment: idAt(1),
    deployed_by: 'alice',
    deployed_at: iso(T0),
    locked_by: 'alice',
    lock_expires_at: iso(T0 + 60_000),
    rollback_at: iso(T0 + 60_000),
    rollback_state: 'scheduled',
    rollback_claim: null,
    claim_expires_at: null,
    rollback_attempts: 0,
    rollback_error: null,
    ...overrides,
  };
}

/** The DeploymentStore contract (history, confirmations, what packs serve, rollback claims). */
export function testDeploymentStore(
  name: string,
  makeTarget: () => Promise<StoreTestTarget<DeploymentStore & Closable>>,
): void {
  describeWithStore(`deployment store conformance: ${name}`, makeTarget, (ctx) => {
    it('round-trips, patches and lists deployments by pack, repository and status', async () => {
      const full = deployment(1, {
        commit: 'b'.repeat(40),
        packs: ['alpha', 'alpha_two'],
        requested_packs: null,
        mode: 'auto',
        status: 'succeeded',
        force: true,
        changelog: [
          {
            pack: 'alpha',
            from: null,
            to: 'b'.repeat(40),
            commits: [{ id: 'b'.repeat(40), author: 'Zoë', date: iso(T0), subject: 'fix "quotes" 🚀' }],
            reverted: [],
            truncated: false,
          },
        ],
        notification: { channel: 'ops', message: 'deployed', status: 'recorded' },
        details: { test: { passed: true, output: 'ok\n' } },
        started_at: iso(T0 + 1),
        finished_at: iso(T0 + 2),
        rollback_at: iso(T0 + 3),
      });
      await ctx.store.insertDeployment(full);
      await ctx.store.insertDeployment(deployment(2, { packs: ['alpha_two'], repo_name: 'other' }));
      await ctx.store.insertDeployment(deployment(3, { packs: ['beta'], status: 'failed', error: 'boom' }));
      expect(await ctx.store.getDeployment(full.id)).toStrictEqual(full);
      expect(await ctx.store.getDeployment(idAt(99))).toBeUndefined();

      const ids = (list: Deployment[]) => list.map((d) => d.id);
      expect(ids(await ctx.store.listDeployments())).toEqual([idAt(3), idAt(2), idAt(1)]);
      expect(ids(await ctx.store.listDeployments({ pack: 'alpha' }))).toEqual([idAt(1)]);
      expect(ids(await ctx.store.listDeployments({ pack: 'alpha_two' }))).toEqual([idAt(2), idAt(1)]);
      expect(ids(await ctx.store.listDeployments({ repo_name: 'other' }))).toEqual([idAt(2)]);
      expect(ids(await ctx.store.listDeployments({ status: ['failed', 'succeeded'], limit: 1 }))).toEqual([
        idAt(3),
      ]);
      expect(ids(await ctx.store.listDeployments({ limit: 0, offset: 2 }))).toEqual([idAt(1)]);

      const updated = await ctx.store.updateDeployment(idAt(2), {
        status: 'succeeded',
        packs: ['gamma'],
        commit: 'c'.repeat(40),
        confirm_expires_at: iso(T0),
      });
      expect(updated).toMatchObject({
        status: 'succeeded',
        packs: ['gamma'],
        commit: 'c'.repeat(40),
        repo_name: 'other',
      });
      expect(ids(await ctx.store.listDeployments({ pack: 'gamma' }))).toEqual([idAt(2)]);
      expect(ids(await ctx.store.listDeployments({ pack: 'alpha_two' }))).toEqual([idAt(1)]);
      await expect(ctx.store.updateDeployment(idAt(99), { status: 'failed' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        ctx.store.updateDeployment(idAt(1), { id: 'x' } as unknown as Partial<Deployment>),
      ).rejects.toBeInstanceOf(ValidationError);
    });

    it('confirms a pending deployment once and only before it expires; expires the late ones', async () => {
      const expires = T0 + 10_000;
      await ctx.store.insertDeployment(
        deployment(1, { status: 'pending', confirm_expires_at: iso(expires) }),
      );
      await ctx.store.insertDeployment(
        deployment(2, { status: 'pending', confirm_expires_at: iso(expires) }),
      );
      await ctx.store.insertDeployment(
        deployment(3, { status: 'pending', confirm_expires_at: iso(expires + 60_000) }),
      );

      const results = await Promise.all([
        ctx.store.confirmDeployment(idAt(1), expires - 1),
        ctx.store.confirmDeployment(idAt(1), expires - 1),
      ]);
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      expect(results.find((r) => r)?.status).toBe('queued');
      expect(await ctx.store.confirmDeployment(idAt(2), expires)).toBeUndefined();

      const expired = await ctx.store.expirePendingDeployments(expires);
      expect(expired.map((d) => [d.id, d.status])).toEqual([[idAt(2), 'expired']]);
      expect(expired[0]?.finished_at).toBe(iso(expires));
      expect(await ctx.store.expirePendingDeployments(expires)).toEqual([]);
      expect((await ctx.store.getDeployment(idAt(3)))?.status).toBe('pending');
    });

    it('puts, replaces and lists what packs serve', async () => {
      const beta = deployedPack('beta', {
        rollback_at: null,
        rollback_state: null,
        locked_by: null,
        lock_expires_at: null,
      });
      await ctx.store.putDeployedPack(deployedPack('alpha'));
      await ctx.store.putDeployedPack(beta);
      const replaced = deployedPack('alpha', {
        branch: 'master',
        commit: 'c'.repeat(40),
        rollback_attempts: 2,
        rollback_error: 'no',
      });
      await ctx.store.putDeployedPack(replaced);
      expect(await ctx.store.getDeployedPack('alpha')).toStrictEqual(replaced);
      expect(await ctx.store.getDeployedPack('nope')).toBeUndefined();
      expect((await ctx.store.listDeployedPacks()).map((p) => p.pack)).toEqual(['alpha', 'beta']);
      expect(await ctx.store.getDeployedPack('beta')).toStrictEqual(beta);
    });

    it('claims each due rollback for one caller only, reclaims expired claims, and settles with the claim', async () => {
      await ctx.store.putDeployedPack(deployedPack('due_one', { rollback_at: iso(T0) }));
      await ctx.store.putDeployedPack(deployedPack('due_two', { rollback_at: iso(T0 - 5000) }));
      await ctx.store.putDeployedPack(deployedPack('later', { rollback_at: iso(T0 + 60_000) }));
      await ctx.store.putDeployedPack(deployedPack('none', { rollback_at: null, rollback_state: null }));

      const [a, b] = await Promise.all([
        ctx.store.claimDueRollbacks(T0, 1000),
        ctx.store.claimDueRollbacks(T0, 1000),
      ]);
      const claimed = [...(a ?? []), ...(b ?? [])];
      expect(claimed.map((p) => p.pack).sort()).toEqual(['due_one', 'due_two']);
      for (const pack of claimed) {
        expect(pack).toMatchObject({ rollback_state: 'claimed', claim_expires_at: iso(T0 + 1000) });
        expect(pack.rollback_claim).toMatch(/\S/);
      }
      expect(await ctx.store.claimDueRollbacks(T0 + 999, 1000)).toEqual([]);

      const one = claimed.find((p) => p.pack === 'due_one');
      const patch = {
        rollback_at: iso(T0 + 120_000),
        rollback_state: 'scheduled' as const,
        rollback_attempts: 1,
        rollback_error: 'git failed',
      };
      expect(await ctx.store.settleRollbackClaim('due_one', 'not-the-claim', patch)).toBe(false);
      expect(await ctx.store.settleRollbackClaim('due_one', one?.rollback_claim ?? '', patch)).toBe(true);
      expect(await ctx.store.getDeployedPack('due_one')).toMatchObject({
        ...patch,
        rollback_claim: null,
        claim_expires_at: null,
      });

      const reclaimed = await ctx.store.claimDueRollbacks(T0 + 1000, 1000);
      expect(reclaimed.map((p) => p.pack)).toEqual(['due_two']);
      expect(reclaimed[0]?.rollback_claim).not.toBe(
        claimed.find((p) => p.pack === 'due_two')?.rollback_claim,
      );
      expect((await ctx.store.claimDueRollbacks(T0 + 120_000, 1000)).map((p) => p.pack)).toEqual([
        'due_one',
        'due_two',
        'later',
      ]);
    });
  });
}
