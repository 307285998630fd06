import type { CriterionResult, MatchContext } from '../../snapshot/model/rule-definition.js';
import { FAILED, MATCHED, NOT_MATCHED, type MatchOutcome, type RuleMatcher } from '../match-outcome.js';
import type { RuleSite } from '../rule-site.js';
import { compileCriterion } from './compile-criterion.js';
import type { CompiledCriterion, Discriminator } from './criterion-types.js';

/** A rule's compiled criteria. */
export interface CriteriaMatcher extends RuleMatcher {
  /** The first criterion, when it is `equals` a constant string (see RuleIndex). */
  discriminator?: Discriminator;
}

/**
 * Compiles a rule's `criteria`: ANDed in order, stopping at the first that fails. Empty criteria
 * match anything; non-empty criteria never match an empty payload (st2 checks this first).
 */
export function compileCriteria(
  criteria: Record<string, unknown> | undefined,
  site: RuleSite,
): CriteriaMatcher {
  const compiled = Object.entries(criteria ?? {}).map(([key, spec]) =>
    compileCriterion(key, spec, { site, path: ['criteria', key], root: 'trigger' }),
  );
  const discriminator = compiled[0]?.discriminator;
  return {
    ...(discriminator ? { discriminator } : {}),
    evaluate: evaluator(compiled),
    explain(payload, context) {
      const results: CriterionResult[] = [];
      if (compiled.length > 0 && isEmptyPayload(payload)) return { matched: false, criteria: results };
      for (const criterion of compiled) {
        const result = criterion.explain(payload, context);
        results.push(result);
        if (result.error !== undefined) return { matched: false, criteria: results, error: result.error };
        if (!result.passed) return { matched: false, criteria: results };
      }
      return { matched: true, criteria: results };
    },
  };
}

/** Python falsiness of a payload, without allocating. */
export function isEmptyPayload(payload: unknown): boolean {
  if (payload === null || payload === undefined) return true;
  if (typeof payload === 'object') {
    if (Array.isArray(payload)) return payload.length === 0;
    for (const _key in payload) return false;
    return true;
  }
  return !payload;
}

function evaluator(compiled: readonly CompiledCriterion[]): RuleMatcher['evaluate'] {
  const count = compiled.length;
  if (count === 0) return () => MATCHED;
  const [first, second, third] = compiled;
  // st2 never matches criteria against an empty payload; checking it only once the criteria pass
  // keeps it off the hot path (an empty payload cannot make a failing criterion pass).
  const guard =
    (body: (payload: unknown, context: MatchContext) => boolean) =>
    (payload: unknown, context: MatchContext): MatchOutcome => {
      try {
        return body(payload, context) && !isEmptyPayload(payload) ? MATCHED : NOT_MATCHED;
      } catch {
        return isEmptyPayload(payload) ? NOT_MATCHED : FAILED;
      }
    };
  // Unrolled for the common sizes: matching is on every event's hot path.
  if (count === 1) return guard((p, c) => first!.test(p, c));
  if (count === 2) return guard((p, c) => first!.test(p, c) && second!.test(p, c));
  if (count === 3) return guard((p, c) => first!.test(p, c) && second!.test(p, c) && third!.test(p, c));
  return guard((p, c) => {
    for (let i = 0; i < count; i++) if (!compiled[i]!.test(p, c)) return false;
    return true;
  });
}
