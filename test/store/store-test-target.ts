import type { Store } from '../../src/store/store.js';

/** What a driver's test file provides: a fresh backing database per test. */
export interface StoreTestTarget {
  /** Opens a migrated store over this target's data; called again to reopen after close(). */
  open(): Promise<Store>;
  /** Removes the backing data (temp folder, schema). */
  cleanup(): Promise<void>;
}

/** Per-test state shared with the sub-suites. */
export interface StoreTestContext {
  target: StoreTestTarget;
  store: Store;
}
