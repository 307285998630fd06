import type { KeyValueLookup } from '../../src/snapshot/model/rule-definition.js';

/** A datastore lookup over a fixed map that records every read. */
export function recordingKv(entries: Record<string, string>): KeyValueLookup & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    get(scope, key) {
      reads.push(`${scope}/${key}`);
      return entries[`${scope}/${key}`];
    },
  };
}
