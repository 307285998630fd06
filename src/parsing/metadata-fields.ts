import { didYouMean } from '../common/did-you-mean.js';

/**
 * Which fields one mapping of StackStorm metadata may hold, as StackStorm's own API models decide
 * (st2common/models/api/): what Squall reads, what StackStorm has but Squall does not use, and
 * whether StackStorm accepts any other field there (it picks the fields it knows and drops the rest).
 */
export interface FieldRules {
  /** What the mapping is, for messages: `trigger type`, `pack.yaml`. */
  what: string;
  /** Fields Squall reads (or accepts silently: ids StackStorm writes when it exports). */
  known: readonly string[];
  /** StackStorm fields Squall has no use for: they load, with a warning that they are ignored. */
  ignored?: readonly string[];
  /** StackStorm accepts any field here: an unknown one loads with a warning instead of an error. */
  open?: boolean;
  /** Edits a name may be from a known one to be taken for its typo. @default closestMatch's */
  maxDistance?: number;
  /**
   * A typo of a known field is an error, as a misspelt `parameters` would change what loads.
   * `warning` where nothing depends on the field (pack.yaml's descriptive fields).
   * @default 'error'
   */
  typos?: 'error' | 'warning';
}

export interface FieldProblem {
  key: string;
  severity: 'error' | 'warning';
  /** Without the file: the loader adds `file:line`. */
  message: string;
}

/** Warning codes of ignored fields, for scripts reading `issues`. */
export const IGNORED_FIELD = 'W_IGNORED_FIELD';

/**
 * Checks the keys of `record`. A name close to a known field is a typo and an error everywhere
 * (a misspelt `criteria` would otherwise match every event); a StackStorm field Squall does not use
 * is a warning; any other unknown name is a warning where StackStorm accepts it, else an error.
 */
export function checkFields(record: Record<string, unknown>, rules: FieldRules): FieldProblem[] {
  const ignored = rules.ignored ?? [];
  const candidates = [...rules.known, ...ignored];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(record)) {
    if (rules.known.includes(key)) continue;
    if (ignored.includes(key)) {
      problems.push({
        key,
        severity: 'warning',
        message: `field "${key}" of ${rules.what} is StackStorm metadata Squall does not use; it is ignored`,
      });
      continue;
    }
    const distance = rules.maxDistance === undefined ? {} : { maxDistance: rules.maxDistance };
    const hint = didYouMean(key, candidates, distance);
    if ((hint !== '' && rules.typos !== 'warning') || !rules.open) {
      const otherwise = hint === '' ? `; known fields: ${rules.known.join(', ')}` : hint;
      problems.push({
        key,
        severity: 'error',
        message: `unknown field "${key}" in ${rules.what}${otherwise}`,
      });
      continue;
    }
    problems.push({
      key,
      severity: 'warning',
      message: `unknown field "${key}" in ${rules.what} is ignored (StackStorm ignores it too)${hint}`,
    });
  }
  return problems;
}

/** A warning a content loader reports beside what it loaded: the message names file and line. */
export interface ContentWarning {
  code: string;
  message: string;
  line?: number;
}

/** Where loaders hand their warnings. */
export type WarningSink = (warning: ContentWarning) => void;
