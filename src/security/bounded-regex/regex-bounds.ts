import { SquallError } from '../../common/errors.js';

/** How long a pattern RE2 cannot run may take on one value, and how long one that overran rests. */
export interface RegexBounds {
  /** @default 250 */
  budgetMs: number;
  /** @default 60_000 */
  coolDownMs: number;
}

export const DEFAULT_REGEX_BOUNDS: Readonly<RegexBounds> = Object.freeze({
  budgetMs: 250,
  coolDownMs: 60_000,
});

let current: RegexBounds = { ...DEFAULT_REGEX_BOUNDS };

/**
 * The bounds every budgeted regex of this process uses (one sandbox thread serves them all, so
 * they are process-wide, like a thread pool's size); the engine sets them from `regex:` in squall.yaml.
 */
export function setRegexBounds(bounds: Partial<RegexBounds>): void {
  current = { ...current, ...bounds };
}

export function regexBounds(): Readonly<RegexBounds> {
  return current;
}

/**
 * A regex ran over its time budget, or overran less than a cool-down ago and was not run again.
 * Callers count the match as failed: a rule's criterion is false and its enforcement failed.
 */
export class RegexBudgetError extends SquallError {
  constructor(message: string) {
    super('E_REGEX_BUDGET', message);
    this.name = 'RegexBudgetError';
  }
}
