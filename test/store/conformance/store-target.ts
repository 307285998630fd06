import { afterEach, beforeEach, describe } from 'vitest';
import type { StoreBackend } from '../../../src/store/store.js';

/** What every suite needs of a store besides its contract: closing it after each test. */
export type Closable = Pick<StoreBackend, 'close'>;

/** What a driver's test file provides: a fresh backing database per test. */
export interface StoreTestTarget<S extends Closable> {
  /** Opens a migrated store over this target's data; called again to reopen after close(). */
  open(): Promise<S>;
  /** Removes the backing data (temp folder, schema). */
  cleanup(): Promise<void>;
}

/** Per-test state: the target and the store open on it (a test may close and reopen it). */
export interface StoreTestContext<S extends Closable> {
  target: StoreTestTarget<S>;
  store: S;
}

/** A describe block whose every test gets a fresh target and an open store, closed and cleaned after. */
export function describeWithStore<S extends Closable>(
  title: string,
  makeTarget: () => Promise<StoreTestTarget<S>>,
  tests: (ctx: StoreTestContext<S>) => void,
): void {
  describe(title, () => {
    const ctx = {} as StoreTestContext<S>;
    beforeEach(async () => {
      ctx.target = await makeTarget();
      ctx.store = await ctx.target.open();
    });
    afterEach(async () => {
      await ctx.store.close();
      await ctx.target.cleanup();
    });
    tests(ctx);
  });
}
