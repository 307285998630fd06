import type { MatchContext } from '../../../snapshot/model/rule-definition.js';

/** Tests one payload value against a pattern that is already known. May throw OperatorTypeError. */
export type ValueTest = (value: unknown, context: MatchContext) => boolean;

/** An st2 criteria operator (`equals`, `regex`, ...). */
export interface CriteriaOperator {
  /** Canonical lower-case name. */
  name: string;
  aliases?: readonly string[];
  /** `exists` / `nexists` ignore their pattern, so a rule may leave it out. */
  ignoresPattern?: boolean;
  /**
   * Builds the test for one pattern: at load time for a constant pattern, at match time for a
   * rendered template. Throws PatternError when no value could ever match (a bad regex).
   */
  prepare(pattern: unknown): ValueTest;
}

/** A pattern no value could match: a load error for a constant pattern. */
export class PatternError extends Error {
  override name = 'PatternError';
}

export const never: ValueTest = () => false;

export function requirePatternString(operator: string, pattern: unknown): string {
  if (typeof pattern === 'string') return pattern;
  throw new PatternError(`the "${operator}" pattern must be a string, not ${JSON.stringify(pattern)}`);
}
