import type { ContentIssue, ContentSnapshot } from './model/content-snapshot.js';

export interface SwapSummary {
  /** One log line: `content v3: 4 packs, 20 actions, 12 rules (rules +1 ~0 -0)`. */
  summary: string;
  /** Issues the previous snapshot did not have (the same file and message is reported once). */
  newIssues: ContentIssue[];
}

export function summarizeSwap(previous: ContentSnapshot | undefined, next: ContentSnapshot): SwapSummary {
  const rules = diffKeys(previous?.rules, next.rules, (rule) => JSON.stringify(rule.spec));
  const summary =
    `content v${next.version}: ${next.packs.size} packs, ${next.actions.size} actions, ${next.rules.size} rules` +
    ` (rules +${rules.added} ~${rules.changed} -${rules.removed})`;
  const known = new Set(previous?.issues.map(issueKey));
  return { summary, newIssues: next.issues.filter((issue) => !known.has(issueKey(issue))) };
}

function issueKey(issue: ContentIssue): string {
  return `${issue.file}\u0000${issue.message}`;
}

function diffKeys<T>(
  before: ReadonlyMap<string, T> | undefined,
  after: ReadonlyMap<string, T>,
  fingerprint: (value: T) => string,
): { added: number; changed: number; removed: number } {
  let added = 0;
  let changed = 0;
  for (const [key, value] of after) {
    const old = before?.get(key);
    if (old === undefined) added++;
    else if (old !== value && fingerprint(old) !== fingerprint(value)) changed++;
  }
  const removed = before ? [...before.keys()].filter((key) => !after.has(key)).length : 0;
  return { added, changed, removed };
}
