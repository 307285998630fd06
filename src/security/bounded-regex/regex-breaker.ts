const MAX_TRACKED = 1024;

/**
 * Remembers the patterns that overran their budget: until its cool-down ends a pattern is not run
 * again, so a stream of hostile values costs one budget, not one per value.
 */
export class RegexBreaker {
  private readonly openUntil = new Map<string, { since: number; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** When the pattern overran and until when it rests, or undefined when it may run. */
  check(key: string): { since: number; until: number } | undefined {
    const entry = this.openUntil.get(key);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry;
    this.openUntil.delete(key);
    return undefined;
  }

  trip(key: string, coolDownMs: number): { since: number; until: number } {
    const since = this.now();
    const entry = { since, until: since + coolDownMs };
    this.openUntil.delete(key);
    this.openUntil.set(key, entry);
    if (this.openUntil.size > MAX_TRACKED) {
      const oldest = this.openUntil.keys().next().value;
      if (oldest !== undefined) this.openUntil.delete(oldest);
    }
    return entry;
  }
}
