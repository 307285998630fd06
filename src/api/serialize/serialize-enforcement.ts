import type { Enforcement, EnforcementStatus } from '../../domain/enforcement.js';
import type { CriterionResult } from '../../snapshot/model/rule-definition.js';

/** st2's RuleEnforcementAPI shape, plus the criteria results and the trace id Squall keeps. */
export interface EnforcementView {
  id: string;
  /** `id` is the rule's uid (`rule:<pack>:<name>`): Squall rules are known by ref, not by database id. */
  rule: { ref: string; id: string; uid: string };
  trigger_instance_id: string;
  execution_id: string | null;
  status: EnforcementStatus;
  failure_reason: string | null;
  enforced_at: string;
  criteria: CriterionResult[];
  trace_id: string;
}

export function serializeEnforcement(enforcement: Enforcement): EnforcementView {
  const uid = ruleUid(enforcement.rule);
  return {
    id: enforcement.id,
    rule: { ref: enforcement.rule, id: uid, uid },
    trigger_instance_id: enforcement.trigger_instance,
    execution_id: enforcement.execution,
    status: enforcement.status,
    failure_reason: enforcement.failure_reason,
    enforced_at: enforcement.enforced_at,
    criteria: enforcement.criteria,
    trace_id: enforcement.trace_id,
  };
}

/** `pack.name` → `rule:pack:name`, as st2 names rules in uids. */
export function ruleUid(ref: string): string {
  const dot = ref.indexOf('.');
  return dot < 0 ? `rule:${ref}` : `rule:${ref.slice(0, dot)}:${ref.slice(dot + 1)}`;
}

/** `rule:pack:name` → `pack.name`; undefined when it is not a rule uid. */
export function ruleRefFromUid(uid: string): string | undefined {
  const match = /^rule:([^:]+):(.+)$/.exec(uid);
  return match ? `${match[1]}.${match[2]}` : undefined;
}
