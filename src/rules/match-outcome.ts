import type { MatchContext, MatchResult } from '../snapshot/model/rule-definition.js';

/** The fast path's answer: matched, not matched, or could not be evaluated (a failed enforcement). */
export type MatchOutcome = 0 | 1 | 2;
export const NOT_MATCHED = 0;
export const MATCHED = 1;
export const FAILED = 2;

/** A compiled part of a rule (its criteria, its conditions). */
export interface RuleMatcher {
  /** Never throws. */
  evaluate(payload: unknown, context: MatchContext): MatchOutcome;
  /** Never throws: an error is reported in the result. */
  explain(payload: unknown, context: MatchContext): MatchResult;
}
