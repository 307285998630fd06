import type { SourceLocation } from '../../common/errors.js';

/** A criterion as written in st2 YAML: `trigger.body.x: {type: equals, pattern: 1}`. */
export interface CriterionSpec {
  type: string;
  pattern?: unknown;
  /** Only for the `search` operator: any | all | any2any | all2any. */
  condition?: string;
}

/**
 * json-rules-engine's condition shape, Squall's extension for what st2 criteria cannot say (OR, NOT).
 * `fact` is `trigger` (or another root), `path` a JSONPath like `$.body.x` or st2 form `body.x`.
 */
export type ConditionSpec =
  | { all: ConditionSpec[] }
  | { any: ConditionSpec[] }
  | { not: ConditionSpec }
  | { fact: string; path?: string; operator: string; value: unknown };

/** A rule exactly as StackStorm's YAML has it (snake_case kept). */
export interface RuleSpec {
  name: string;
  pack: string;
  description?: string;
  enabled: boolean;
  type: 'standard' | 'backstop';
  trigger: { type: string; parameters?: Record<string, unknown> };
  criteria?: Record<string, CriterionSpec>;
  /** Squall extension: json-rules-engine conditions, ANDed with `criteria`. */
  conditions?: ConditionSpec;
  action: { ref: string; parameters?: Record<string, unknown> };
  context?: Record<string, unknown>;
  tags?: { name: string; value?: string }[];
  metadata_file?: string;
}

/** The outcome of one criterion, for the rule tester, enforcements and logs. */
export interface CriterionResult {
  /** The key as written (`trigger.body.x#2`) or a condition path (`conditions.any[0]`). */
  key: string;
  operator: string;
  pattern: unknown;
  /** The value found at the key (undefined when missing). */
  value: unknown;
  passed: boolean;
  /** Why the criterion could not be evaluated (bad template, wrong type...). */
  error?: string;
}

export interface MatchResult {
  matched: boolean;
  /** Evaluated criteria in order; evaluation stops at the first failing one. */
  criteria: CriterionResult[];
  /** Set when evaluation itself failed: counts as not matched and records a failed enforcement. */
  error?: string;
}

/** Read-only view of the datastore that matching and rendering use (synchronous, cached). */
export interface KeyValueLookup {
  /** scope: `system` or `user:<name>`. Secret values come back encrypted (decrypt_kv decrypts). */
  get(scope: string, key: string): string | undefined;
}

export interface MatchContext {
  kv: KeyValueLookup;
  /** Defaults to Date.now(); the timediff operators use it. */
  now?: () => number;
}

/** A rule after load-time compilation: matching does no parsing. */
export interface CompiledRule {
  /** `pack.name` */
  ref: string;
  spec: RuleSpec;
  source?: SourceLocation;
  /** Stable key of (trigger type, trigger parameters): rules with equal keys share a trigger. */
  triggerKey: string;
  /** Fast path: true when every criterion passes. Never throws (an error means false). */
  matches(payload: unknown, context: MatchContext): boolean;
  /** Slow path with per-criterion results, for enforcements and the rule tester. */
  explain(payload: unknown, context: MatchContext): MatchResult;
}
