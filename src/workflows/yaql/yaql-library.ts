import type { YaqlFunction } from './yaql-evaluator.js';
import { COLLECTION_FUNCTIONS } from './yaql-library-collections.js';
import { CORE_FUNCTIONS } from './yaql-library-core.js';
import { STRING_FUNCTIONS } from './yaql-library-strings.js';

/**
 * The part of yaql's standard library Squall implements: what the workflows in StackStorm's
 * repositories and the Exchange use (see docs/workflows.md for the list). Any of them can be
 * called as a function, `len(x)`, or as a method, `x.len()`.
 */
export const YAQL_STANDARD_LIBRARY: ReadonlyMap<string, YaqlFunction> = new Map(
  Object.entries({ ...CORE_FUNCTIONS, ...STRING_FUNCTIONS, ...COLLECTION_FUNCTIONS }),
);
