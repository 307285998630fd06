import nunjucks from 'nunjucks';
import { unwrapDatastoreValue } from './datastore-view.js';
import { JINJA_FILTERS, JINJA_TESTS } from './filters/jinja-builtins.js';
import { ST2_FILTERS } from './filters/st2-filters.js';
import { lookupMember } from './member-lookup.js';
import { toOutputString, toTemplateValue } from './output-value.js';
import { pythonModulo } from './filters/python-numbers.js';
import { LOOP_TEST_PASSED, loopSelect, pythonTruth } from './loop-filter.js';
import { runtimeOf, type RenderRuntime } from './render-runtime.js';
import { checkedShellValue, quoteForShellContext, type ShellQuoteContext } from './shell-quote.js';
import { isRecord } from '../common/guards.js';

/** Filters the AST rewrite inserts; templates never name them. */
export const INTERNAL_FILTERS = {
  member: '__squall_member',
  text: '__squall_text',
  capture: '__squall_capture',
  iterable: '__squall_iterable',
  modulo: '__squall_modulo',
  loopSelect: '__squall_loop_select',
  truth: '__squall_truth',
  shell: { unquoted: '__squall_sh_unquoted', double: '__squall_sh_double', single: '__squall_sh_single' },
  /** A value that must also be an integer, a name or not an option (see shell-facts.ts). */
  shellChecked: '__squall_sh_checked',
} as const satisfies Record<string, string | Record<ShellQuoteContext, string>>;

type AnyFilter = (this: unknown, ...args: never[]) => unknown;
type LooseFilter = (this: unknown, ...args: unknown[]) => unknown;

/** Filters that must see datastore markers as they are (to read further keys, or to name them). */
const SEES_DATASTORE_MARKERS = new Set<string>([INTERNAL_FILTERS.member, 'decrypt_kv']);

function internalFilters(): Record<string, LooseFilter> {
  const filters: Record<string, LooseFilter> = {
    [INTERNAL_FILTERS.member]: function member(this: unknown, target: unknown, key: unknown) {
      return strictLookup(runtimeOf(this), target, key);
    },
    [INTERNAL_FILTERS.text]: function text(this: unknown, value: unknown) {
      return toOutputString(defined(runtimeOf(this), value));
    },
    [INTERNAL_FILTERS.iterable]: (value) => iterableOf(value),
    [INTERNAL_FILTERS.modulo]: (left, right) => pythonModulo(left, right),
    [INTERNAL_FILTERS.loopSelect]: (items, test, arity) => loopSelect(items, test, Number(arity)),
    [INTERNAL_FILTERS.truth]: (value) => (pythonTruth(value) ? LOOP_TEST_PASSED : ''),
    [INTERNAL_FILTERS.capture]: function capture(this: unknown, value: unknown) {
      const runtime = runtimeOf(this);
      runtime.captured = { value: toTemplateValue(defined(runtime, value)) };
      return '';
    },
  };
  filters[INTERNAL_FILTERS.shellChecked] = (value, context, checks, where, location, reserved) =>
    checkedShellValue(toOutputString(value), value, {
      context: context as ShellQuoteContext,
      checks: String(checks),
      where: String(where),
      location: String(location),
      reserved: String(reserved),
    });
  for (const context of ['unquoted', 'double', 'single'] as const) {
    filters[INTERNAL_FILTERS.shell[context]] = (value) =>
      quoteForShellContext(toOutputString(value), context);
  }
  return filters;
}

/** Member lookup; in strict mode reading from a missing value fails, as with StrictUndefined. */
function strictLookup(runtime: RenderRuntime, target: unknown, key: unknown): unknown {
  if (!runtime.strict) return lookupMember(target, key);
  if (target === undefined) throw new UndefinedError(runtime.lastUndefined);
  const value = lookupMember(target, key);
  if (value === undefined) {
    const kind = Array.isArray(target) ? 'list' : typeof target === 'string' ? 'str' : 'dict';
    runtime.lastUndefined = `'${kind} object' has no attribute '${String(key)}'`;
  }
  return value;
}

/** In strict mode a missing value cannot be printed or returned. */
function defined(runtime: RenderRuntime, value: unknown): unknown {
  if (runtime.strict && value === undefined) throw new UndefinedError(runtime.lastUndefined);
  return value;
}

/** Jinja's name for it, so workflow errors read as StackStorm's. */
class UndefinedError extends Error {
  constructor(reason: string | undefined) {
    super(reason ?? 'a value is undefined');
    this.name = 'UndefinedError';
  }
}

/** What `{% for x in value %}` walks: a dict's keys, as in Jinja. */
function iterableOf(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (Symbol.iterator in value) return value;
  return Object.keys(value);
}

function unwrapArguments(filter: LooseFilter): LooseFilter {
  return function unwrapped(this: unknown, ...args: unknown[]) {
    return filter.apply(this, args.map(unwrapDatastoreValue));
  };
}

/**
 * The one nunjucks environment Squall renders with: Jinja-like (autoescape off, trim_blocks and
 * lstrip_blocks as StackStorm sets them), StackStorm's filters, no template loader. Built once
 * and never changed afterwards.
 */
function createTemplateEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, trimBlocks: true, lstripBlocks: true });
  const added: Record<string, AnyFilter> = { ...JINJA_FILTERS, ...ST2_FILTERS, ...internalFilters() };
  for (const [name, filter] of Object.entries(added)) env.addFilter(name, filter as LooseFilter);
  const internals = env as unknown as {
    filters: Record<string, LooseFilter>;
    addTest(name: string, test: LooseFilter): void;
  };
  const filters = internals.filters;
  for (const [name, filter] of Object.entries(filters)) {
    if (!SEES_DATASTORE_MARKERS.has(name)) filters[name] = unwrapArguments(filter);
  }
  for (const [name, test] of Object.entries(JINJA_TESTS)) internals.addTest(name, test as LooseFilter);
  return env;
}

let environment: nunjucks.Environment | undefined;

export function templateEnvironment(): nunjucks.Environment {
  environment ??= createTemplateEnvironment();
  return environment;
}
