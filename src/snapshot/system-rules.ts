import type { ContentSnapshot } from './model/content-snapshot.js';

/** The rule tag that marks Squall's own upkeep (`tags: [{name: squall.system}]`). */
export const SYSTEM_RULE_TAG = 'squall.system';

/**
 * Rules whose executions are Squall's own upkeep (the bundled rollback timer): their executions are
 * left out of execution lists unless all are asked for. Only bundled packs can mark one, so an
 * installed pack cannot hide what it runs.
 */
export function systemRuleRefs(snapshot: ContentSnapshot): string[] {
  const refs: string[] = [];
  for (const rule of snapshot.rules.values()) {
    if (!snapshot.packs.get(rule.spec.pack)?.bundled) continue;
    if (rule.spec.tags?.some((tag) => tag.name === SYSTEM_RULE_TAG)) refs.push(rule.ref);
  }
  return refs;
}
