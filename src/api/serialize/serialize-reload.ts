import type { ContentIssue, ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { countContent } from './serialize-pack.js';

/** What a reload reports: the new snapshot's version, what it holds, and what failed to load. */
export interface ReloadView {
  version: number;
  loaded_at: string;
  /** Set when the report is narrowed to one pack. */
  pack?: string;
  packs: number;
  actions: number;
  rules: number;
  triggers: number;
  issues: ContentIssue[];
}

export function serializeReload(snapshot: ContentSnapshot, pack?: string): ReloadView {
  return {
    version: snapshot.version,
    loaded_at: snapshot.loadedAt,
    ...(pack === undefined ? {} : { pack }),
    packs: pack === undefined ? snapshot.packs.size : 1,
    ...countContent(snapshot, pack),
    issues: snapshot.issues.filter((issue) => pack === undefined || issue.pack === pack),
  };
}
