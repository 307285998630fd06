import { RE2JS, type Matcher } from 're2js';

import {
  compilePythonRegex,
  translatePythonRegex,
  type PythonRegexOptions,
} from '../../parsing/python-regex.js';
import { RegexBreaker } from './regex-breaker.js';
import { RegexBudgetError, regexBounds } from './regex-bounds.js';
import { re2Dialect } from './re2-dialect.js';
import { sharedRegexSandbox, type SandboxRequest } from './regex-sandbox.js';

/** One match: its span, its groups by number (0 is the whole match) and by name. */
export interface RegexMatch {
  index: number;
  end: number;
  groups: readonly (string | undefined)[];
  named: Readonly<Record<string, string | undefined>>;
}

/**
 * A user-supplied regex whose matching is bounded: linear-time RE2 for what RE2 expresses, and for
 * the rest (back-references, lookaround) JavaScript in the sandbox thread under a time budget.
 * Methods throw RegexBudgetError (`E_REGEX_BUDGET`) when the budget is exceeded, and for the
 * cool-down after, without running again.
 */
export interface BoundedRegex {
  /** The pattern as the user wrote it (for messages). */
  readonly pattern: string;
  /** `re2` when every value is matched in linear time; `budgeted` when some go to the sandbox. */
  readonly engine: 're2' | 'budgeted';
  /** Whether the regex matches anywhere in `text` (or at its start, for an anchored regex). */
  test(text: string): boolean;
  /** The first match. */
  exec(text: string): RegexMatch | undefined;
  /** Every match, left to right, as `String.prototype.matchAll` finds them. */
  matchAll(text: string): RegexMatch[];
}

/** Python `re` options as compilePythonRegex takes them, without `g`/`y`: callers pick the method instead. */
export type BoundedRegexOptions = Omit<PythonRegexOptions, 'flags'> & { flags?: 'i' | 'm' | 's' | '' };

const breaker = new RegexBreaker();
/** Template filters compile their pattern at each render: the last few compiled are kept. */
const recent = new Map<string, BoundedRegex>();
const RECENT_LIMIT = 256;

/**
 * A Python `re` pattern, bounded. An invalid pattern throws RegexSyntaxError (`E_REGEX`), as
 * compilePythonRegex does; `(?P<name>…)`, `\A`, `\Z`, inline flags and the rest are translated
 * for RE2 as for JavaScript.
 */
export function compileBoundedPythonRegex(pattern: string, options: BoundedRegexOptions = {}): BoundedRegex {
  const key = `${options.anchorStart ? 'a' : ''}${options.dotAll ? 's' : ''}${options.ignoreCase ? 'i' : ''}/${options.flags ?? ''}/${pattern}`;
  const known = recent.get(key);
  if (known) return known;
  const javascript = compilePythonRegex(pattern, options);
  const bounded = new Bounded(pattern, javascript, re2Of(pattern, options));
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(key, bounded);
  return bounded;
}

/**
 * A regex Squall built around user text (fnmatch wildcards, alias formats): `source` in
 * JavaScript syntax, and `re2Source` when the same regex can be written for RE2.
 */
export function compileBoundedRegex(spec: {
  pattern: string;
  source: string;
  flags?: string;
  re2Source?: string;
}): BoundedRegex {
  const javascript = new RegExp(spec.source, spec.flags ?? '');
  let re2: Re2Form | undefined;
  if (spec.re2Source !== undefined) {
    try {
      re2 = { regex: RE2JS.compile(spec.re2Source, re2Flags(spec.flags ?? '')), finalDollar: false };
    } catch {
      re2 = undefined;
    }
  }
  return new Bounded(spec.pattern, javascript, re2);
}

interface Re2Form {
  regex: RE2JS;
  /** Python's `$` became `\z`: exact unless the text ends with a newline. */
  finalDollar: boolean;
}

function re2Of(pattern: string, options: BoundedRegexOptions): Re2Form | undefined {
  let flags = options.flags ?? '';
  if (options.ignoreCase) flags += 'i';
  if (options.dotAll) flags += 's';
  try {
    const dialect = re2Dialect();
    const translated = translatePythonRegex(pattern, flags, dialect);
    const source = options.anchorStart ? String.raw`\A(?:${translated.source})` : translated.source;
    return { regex: RE2JS.compile(source, re2Flags(translated.flags)), finalDollar: dialect.usesFinalDollar };
  } catch {
    // Not expressible in RE2 (a back-reference, a lookaround, a count over 1000): budgeted instead.
    return undefined;
  }
}

function re2Flags(flags: string): number {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  return bits;
}

class Bounded implements BoundedRegex {
  readonly engine: 're2' | 'budgeted';
  private readonly key: string;

  constructor(
    readonly pattern: string,
    private readonly javascript: RegExp,
    private readonly re2: Re2Form | undefined,
  ) {
    this.engine = re2 && !re2.finalDollar ? 're2' : 'budgeted';
    this.key = `${javascript.flags}/${javascript.source}`;
  }

  test(text: string): boolean {
    const re2 = this.re2For(text);
    return re2 ? re2.test(text) : this.budgeted('test', text) === true;
  }

  exec(text: string): RegexMatch | undefined {
    const re2 = this.re2For(text);
    if (!re2) return this.budgeted('exec', text) as RegexMatch | undefined;
    const matcher = re2.matcher(text);
    return matcher.find() ? matchOf(re2, matcher) : undefined;
  }

  matchAll(text: string): RegexMatch[] {
    const re2 = this.re2For(text);
    if (!re2) return this.budgeted('all', text) as RegexMatch[];
    const matcher = re2.matcher(text);
    const matches: RegexMatch[] = [];
    while (matcher.find()) matches.push(matchOf(re2, matcher));
    return matches;
  }

  private re2For(text: string): RE2JS | undefined {
    const re2 = this.re2;
    if (!re2 || (re2.finalDollar && text.endsWith('\n'))) return undefined;
    return re2.regex;
  }

  private budgeted(op: SandboxRequest['op'], text: string): unknown {
    const { budgetMs, coolDownMs } = regexBounds();
    const open = breaker.check(this.key);
    if (open) {
      throw new RegexBudgetError(
        `regular expression ${JSON.stringify(this.pattern)} ran over its ${budgetMs} ms budget at ` +
          `${new Date(open.since).toISOString()}; it counts as not matching, without running, until ` +
          new Date(open.until).toISOString(),
      );
    }
    const request = { source: this.javascript.source, flags: this.javascript.flags, op, text };
    const outcome = sharedRegexSandbox().run(request, budgetMs);
    if ('overran' in outcome) {
      breaker.trip(this.key, coolDownMs);
      throw new RegexBudgetError(
        `regular expression ${JSON.stringify(this.pattern)} ran over its ${budgetMs} ms budget on a ` +
          `${text.length}-character value and was stopped; it counts as not matching for the next ` +
          `${Math.round(coolDownMs / 1000)} s`,
      );
    }
    if (!outcome.ok)
      throw new Error(`regular expression ${JSON.stringify(this.pattern)}: ${outcome.message}`);
    return outcome.value;
  }
}

function matchOf(re2: RE2JS, matcher: Matcher): RegexMatch {
  const groups: (string | undefined)[] = [];
  for (let group = 0; group <= matcher.groupCount(); group++) groups.push(matcher.group(group) ?? undefined);
  const named: Record<string, string | undefined> = {};
  for (const [name, index] of Object.entries(re2.namedGroups())) named[name] = groups[index];
  return { index: matcher.start(), end: matcher.end(), groups, named };
}
