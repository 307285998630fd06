import type { CompiledRule } from '../../snapshot/model/rule-definition.js';

/** st2's RuleAPI shape (`type` as `{ref, parameters}`), plus Squall's `conditions` when used. */
export interface RuleView {
  ref: string;
  uid: string;
  name: string;
  pack: string;
  description: string;
  enabled: boolean;
  type: { ref: string; parameters: Record<string, unknown> };
  trigger: { type: string; ref: string; parameters: Record<string, unknown> };
  criteria: Record<string, unknown>;
  conditions?: unknown;
  action: { ref: string; parameters: Record<string, unknown> };
  context: Record<string, unknown>;
  tags: unknown[];
  metadata_file: string | null;
}

export function serializeRule(rule: CompiledRule): RuleView {
  const { spec } = rule;
  return {
    ref: rule.ref,
    uid: `rule:${spec.pack}:${spec.name}`,
    name: spec.name,
    pack: spec.pack,
    description: spec.description ?? '',
    enabled: spec.enabled,
    type: { ref: spec.type, parameters: {} },
    trigger: { type: spec.trigger.type, ref: spec.trigger.type, parameters: spec.trigger.parameters ?? {} },
    criteria: spec.criteria ?? {},
    ...(spec.conditions ? { conditions: spec.conditions } : {}),
    action: { ref: spec.action.ref, parameters: spec.action.parameters ?? {} },
    context: spec.context ?? {},
    tags: spec.tags ?? [],
    metadata_file: rule.source?.file ?? spec.metadata_file ?? null,
  };
}
