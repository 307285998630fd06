import type { ContentIssue, ContentSnapshot, PackInfo } from '../../snapshot/model/content-snapshot.js';
import type { PackSourceRecord } from '../../packs/manage/source-record.js';
import { packContent, type PackContent } from '../../snapshot/pack-content.js';

export interface PackContentCounts {
  actions: number;
  rules: number;
  triggers: number;
}

/** st2's PackAPI fields (everything pack.yaml holds) plus what Squall loaded from the pack. */
export interface PackView {
  ref: string;
  name: string;
  description: string;
  version: string;
  author: string;
  path: string;
  bundled: boolean;
  /** What loaded, and what of it is unsupported and why. */
  content: PackContent;
  issues: ContentIssue[];
  /** Where `squall pack install` got it (URL credentials masked); absent for bundled and hand-copied packs. */
  source?: PackSourceRecord;
  [field: string]: unknown;
}

export function serializePack(
  pack: PackInfo,
  snapshot: ContentSnapshot,
  source?: PackSourceRecord,
): PackView {
  return {
    ...pack.metadata,
    ref: pack.ref,
    path: pack.dir,
    bundled: pack.bundled,
    content: packContent(snapshot, pack.ref),
    issues: snapshot.issues.filter((issue) => issue.pack === pack.ref),
    ...(source ? { source } : {}),
  };
}

/** Actions, rules and trigger types of one pack, or of all packs when `pack` is undefined. */
export function countContent(snapshot: ContentSnapshot, pack: string | undefined): PackContentCounts {
  const count = (packs: Iterable<string>): number => {
    let total = 0;
    for (const ref of packs) if (pack === undefined || ref === pack) total++;
    return total;
  };
  return {
    actions: count([...snapshot.actions.values()].map((action) => action.spec.pack)),
    rules: count([...snapshot.rules.values()].map((rule) => rule.spec.pack)),
    triggers: count([...snapshot.triggerTypes.values()].map((type) => type.pack)),
  };
}
