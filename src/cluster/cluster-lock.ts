import type { ClusterStore } from '../store/cluster-store.js';

export interface ClusterLockOptions {
  store: Pick<ClusterStore, 'acquireLease' | 'releaseLease' | 'listLeases'>;
  holder: string;
  /** Lease name prefix, e.g. `deploy`. */
  prefix: string;
  /** A holder that dies frees its keys after this long. @default 30000 */
  ttlMs?: number;
  /** How often a waiting holder tries again. @default 250 */
  pollMs?: number;
}

/** Runs work while holding keys across the cluster; `scope:*` keys conflict with every `scope:x`. */
export type ClusterLock = <T>(keys: readonly string[], work: () => Promise<T>) => Promise<T>;

const scopeOf = (key: string): string => key.slice(0, Math.max(0, key.lastIndexOf(':')));

/**
 * A cluster-wide lock over sets of keys, as leases in the store (`<prefix>:<key>`): all keys are
 * taken or none (what was taken is given back and tried again later, so two holders never wait on
 * each other), renewed while the work runs, released after it. Waiters are served as keys free up,
 * not in arrival order across nodes.
 */
export function createClusterLock(options: ClusterLockOptions): ClusterLock {
  const ttlMs = options.ttlMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const lease = (key: string) => `${options.prefix}:${key}`;
  const { store, holder } = options;

  const conflictsElsewhere = async (keys: readonly string[]): Promise<boolean> => {
    const others = (await store.listLeases())
      .filter((held) => held.holder !== holder && held.name.startsWith(`${options.prefix}:`))
      .map((held) => held.name.slice(options.prefix.length + 1));
    return keys.some((key) =>
      others.some(
        (other) =>
          (key.endsWith(':*') && scopeOf(other) === scopeOf(key)) ||
          (other.endsWith(':*') && scopeOf(other) === scopeOf(key)),
      ),
    );
  };

  const tryTake = async (keys: readonly string[]): Promise<boolean> => {
    const taken: string[] = [];
    for (const key of keys) {
      if (!(await store.acquireLease(lease(key), holder, ttlMs))) break;
      taken.push(key);
    }
    if (taken.length === keys.length && !(await conflictsElsewhere(keys))) return true;
    await Promise.all(taken.map((key) => store.releaseLease(lease(key), holder)));
    return false;
  };

  return async (keys, work) => {
    while (!(await tryTake(keys))) await new Promise((resolve) => setTimeout(resolve, pollMs));
    const renew = setInterval(
      () => {
        for (const key of keys) store.acquireLease(lease(key), holder, ttlMs).catch(() => undefined);
      },
      Math.floor(ttlMs / 3),
    );
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await Promise.all(keys.map((key) => store.releaseLease(lease(key), holder).catch(() => undefined)));
    }
  };
}
