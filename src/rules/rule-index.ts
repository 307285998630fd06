import type { CompiledRule, MatchContext, MatchResult } from '../snapshot/model/rule-definition.js';
import { FAILED, MATCHED, NOT_MATCHED, type MatchOutcome } from './match-outcome.js';
import type { SquallCompiledRule } from './compile-rule-spec.js';
import { triggerKeyOf } from './trigger-key.js';

/** Called for a rule whose evaluation failed (bad template, wrong types): record a failed enforcement. */
export type MatchFailureHandler = (rule: CompiledRule, result: MatchResult) => void;

type Evaluate = (payload: unknown, context: MatchContext) => MatchOutcome;

/** Rules whose first criterion is `path equals "<string>"`, by that string. */
interface DiscriminatedRules {
  get: (payload: unknown) => unknown;
  byValue: Map<string, number[]>;
}

interface RuleGroup {
  rules: readonly CompiledRule[];
  evaluators: readonly Evaluate[];
  /** Indexes of the rules every instance must evaluate. */
  general: readonly number[];
  discriminated: readonly DiscriminatedRules[];
}

interface RuleBucket {
  standard: RuleGroup;
  backstop: RuleGroup;
}

const NONE: readonly CompiledRule[] = Object.freeze([]);

/**
 * The enabled rules of one content snapshot, grouped by trigger (type + parameters). Matching
 * applies st2's two passes: standard rules first, backstop rules only when no standard rule matched.
 */
export class RuleIndex {
  private readonly byKey = new Map<string, RuleBucket>();
  /** The bucket of each trigger type used without parameters: the common case, found without hashing JSON. */
  private readonly plainByType = new Map<string, RuleBucket>();
  private readonly triggerTypes = new Set<string>();

  /** With `previous`, a trigger whose rules are the same objects in the same order keeps its group. */
  constructor(rules: readonly CompiledRule[], previous?: RuleIndex) {
    const grouped = new Map<string, { type: string; standard: CompiledRule[]; backstop: CompiledRule[] }>();
    for (const rule of rules) {
      if (!rule.spec.enabled) continue;
      let group = grouped.get(rule.triggerKey);
      if (!group) {
        group = { type: rule.spec.trigger.type, standard: [], backstop: [] };
        grouped.set(rule.triggerKey, group);
      }
      (rule.spec.type === 'backstop' ? group.backstop : group.standard).push(rule);
    }
    for (const [key, group] of grouped) {
      const before = previous?.byKey.get(key);
      const bucket =
        before &&
        sameRules(before.standard.rules, group.standard) &&
        sameRules(before.backstop.rules, group.backstop)
          ? before
          : { standard: ruleGroup(group.standard), backstop: ruleGroup(group.backstop) };
      this.byKey.set(key, bucket);
      this.triggerTypes.add(group.type);
      if (key === triggerKeyOf(group.type)) this.plainByType.set(group.type, bucket);
    }
  }

  /** Trigger keys (see triggerKeyOf) that enabled rules use: the parameterised triggers to run. */
  triggerKeys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Whether any enabled rule listens to this trigger type (with any parameters). */
  hasRulesFor(triggerType: string): boolean {
    return this.triggerTypes.has(triggerType);
  }

  /** The enabled rules of one trigger, standard ones first. */
  rulesFor(
    triggerType: string,
    triggerParameters?: Record<string, unknown> | string,
  ): readonly CompiledRule[] {
    const bucket = this.bucketOf(triggerType, triggerParameters);
    return bucket ? [...bucket.standard.rules, ...bucket.backstop.rules] : NONE;
  }

  /**
   * The rules a trigger instance fires. `triggerParameters` identifies a parameterised trigger
   * (e.g. the webhook's `{url: 'sample'}`), or is its precomputed triggerKeyOf; without it only
   * rules whose trigger has no parameters are candidates. Never throws; a rule that fails to
   * evaluate does not match and is reported to `onFailure`.
   */
  match(
    triggerType: string,
    payload: unknown,
    triggerParameters: Record<string, unknown> | string | undefined,
    context: MatchContext,
    onFailure?: MatchFailureHandler,
  ): readonly CompiledRule[] {
    const bucket = this.bucketOf(triggerType, triggerParameters);
    if (!bucket) return NONE;
    const matched = collect(bucket.standard, payload, context, onFailure);
    if (matched.length > 0 || bucket.backstop.rules.length === 0) return matched;
    return collect(bucket.backstop, payload, context, onFailure);
  }

  private bucketOf(
    type: string,
    parameters: Record<string, unknown> | string | undefined,
  ): RuleBucket | undefined {
    if (parameters === undefined) return this.plainByType.get(type);
    if (typeof parameters === 'string') return this.byKey.get(parameters);
    return this.byKey.get(triggerKeyOf(type, parameters));
  }
}

function sameRules(before: readonly CompiledRule[], after: readonly CompiledRule[]): boolean {
  return before.length === after.length && before.every((rule, index) => rule === after[index]);
}

function ruleGroup(rules: readonly CompiledRule[]): RuleGroup {
  const general: number[] = [];
  const byPath = new Map<string, DiscriminatedRules>();
  rules.forEach((rule, index) => {
    const discriminator = (rule as Partial<SquallCompiledRule>).discriminator;
    if (!discriminator) {
      general.push(index);
      return;
    }
    let entry = byPath.get(discriminator.path);
    if (!entry) {
      entry = { get: discriminator.get, byValue: new Map() };
      byPath.set(discriminator.path, entry);
    }
    const list = entry.byValue.get(discriminator.value);
    if (list) list.push(index);
    else entry.byValue.set(discriminator.value, [index]);
  });
  return { rules, evaluators: rules.map(evaluatorOf), general, discriminated: [...byPath.values()] };
}

function evaluatorOf(rule: CompiledRule): Evaluate {
  const evaluate = (rule as Partial<{ evaluate: Evaluate }>).evaluate;
  if (typeof evaluate === 'function') return evaluate;
  return (payload, context) => (rule.matches(payload, context) ? MATCHED : NOT_MATCHED);
}

/**
 * Evaluates the candidate rules in their load order. Rules whose first criterion is a string
 * `equals` are candidates only when the payload holds that string (one hash lookup per path).
 */
function collect(
  group: RuleGroup,
  payload: unknown,
  context: MatchContext,
  onFailure: MatchFailureHandler | undefined,
): readonly CompiledRule[] {
  const { discriminated, general } = group;
  if (discriminated.length === 0) return evaluateAll(group, general, payload, context, onFailure);
  let candidates: readonly number[] | undefined;
  let merged = false;
  for (const entry of discriminated) {
    const value = entry.get(payload);
    const hits = typeof value === 'string' ? entry.byValue.get(value) : undefined;
    if (!hits) continue;
    if (candidates === undefined) candidates = hits;
    else {
      candidates = [...candidates, ...hits];
      merged = true;
    }
  }
  if (general.length > 0) {
    candidates = candidates === undefined ? general : [...candidates, ...general];
    merged = merged || candidates !== general;
  }
  if (candidates === undefined) return NONE;
  if (merged) candidates = [...candidates].sort((a, b) => a - b);
  return evaluateAll(group, candidates, payload, context, onFailure);
}

function evaluateAll(
  group: RuleGroup,
  indexes: readonly number[],
  payload: unknown,
  context: MatchContext,
  onFailure: MatchFailureHandler | undefined,
): readonly CompiledRule[] {
  const { rules, evaluators } = group;
  let matched: CompiledRule[] | undefined;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i]!;
    const outcome = evaluators[index]!(payload, context);
    if (outcome === MATCHED) (matched ??= []).push(rules[index]!);
    else if (outcome === FAILED && onFailure)
      onFailure(rules[index]!, rules[index]!.explain(payload, context));
  }
  return matched ?? NONE;
}
