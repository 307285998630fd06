import type { ContentIssue, ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import type { CompiledRule } from '../../snapshot/model/rule-definition.js';
import { contentFields, type ContentFields } from './content-fields.js';

/** st2's RuleAPI shape (`type` as `{ref, parameters}`), plus Squall's `conditions` when used. */
export interface RuleView extends ContentFields {
  type: { ref: string; parameters: Record<string, unknown> };
  trigger: { type: string; ref: string; parameters: Record<string, unknown> };
  criteria: Record<string, unknown>;
  conditions?: unknown;
  action: { ref: string; parameters: Record<string, unknown> };
  context: Record<string, unknown>;
  tags: unknown[];
  metadata_file: string | null;
  /**
   * Set when the rule's file on disk does not load now and this, its last good version, is what
   * serves: the error names the file, the line and the fix.
   */
  load_error?: ContentIssue;
  /** Problems of the rule's file: the load error, and warnings such as ignored fields. */
  issues: ContentIssue[];
}

export function serializeRule(rule: CompiledRule, snapshot?: ContentSnapshot): RuleView {
  const { spec } = rule;
  const file = rule.source?.file;
  const issues = file === undefined ? [] : (snapshot?.issues.filter((issue) => issue.file === file) ?? []);
  const loadError = issues.find((issue) => issue.severity === 'error' && issue.keptPrevious);
  return {
    ...contentFields('rule', rule.ref, spec),
    type: { ref: spec.type, parameters: {} },
    trigger: { type: spec.trigger.type, ref: spec.trigger.type, parameters: spec.trigger.parameters ?? {} },
    criteria: spec.criteria ?? {},
    ...(spec.conditions ? { conditions: spec.conditions } : {}),
    action: { ref: spec.action.ref, parameters: spec.action.parameters ?? {} },
    context: spec.context ?? {},
    tags: spec.tags ?? [],
    metadata_file: rule.source?.file ?? spec.metadata_file ?? null,
    ...(loadError ? { load_error: loadError } : {}),
    issues,
  };
}
