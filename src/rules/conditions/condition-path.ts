import { parsePath, type PathSegment } from '../criteria/path.js';

/**
 * Resolves a condition's `path` the way json-rules-engine does (JSONPath-plus with wrap: false):
 * own properties of objects, arrays and non-empty strings; no result is undefined; a path with
 * `*` gives an array of its results, one without gives the value. A fact that is not an object is
 * returned unchanged.
 */
export function compileConditionPath(path: string | undefined): (fact: unknown) => unknown {
  if (path === undefined || path === '') return (fact) => fact;
  const segments = parsePath(path);
  const wildcard = segments.some((segment) => segment.kind === 'wildcard');
  const keys = segments.map((segment) =>
    segment.kind === 'index' ? String(segment.index) : segment.kind === 'key' ? segment.name : '*',
  );
  if (!wildcard) {
    return (fact) => {
      if (fact === null || typeof fact !== 'object') return fact;
      let value: unknown = fact;
      for (const key of keys) {
        if (!hasOwn(value, key)) return undefined;
        value = (value as Record<string, unknown>)[key];
      }
      return value;
    };
  }
  return (fact) => {
    if (fact === null || typeof fact !== 'object') return fact;
    const results: unknown[] = [];
    collect(fact, segments, 0, results);
    return results.length === 0 ? undefined : results;
  };
}

function hasOwn(value: unknown, key: string): boolean {
  // JSONPath-plus skips falsy values (an empty string has no "length" there).
  return (typeof value === 'object' && value !== null) || (typeof value === 'string' && value !== '')
    ? Object.hasOwn(Object(value) as object, key)
    : false;
}

function collect(value: unknown, segments: readonly PathSegment[], at: number, results: unknown[]): void {
  const segment = segments[at];
  if (!segment) {
    results.push(value);
    return;
  }
  if (segment.kind === 'wildcard') {
    if (typeof value !== 'object' || value === null) return;
    for (const key of Object.keys(value)) {
      collect((value as Record<string, unknown>)[key], segments, at + 1, results);
    }
    return;
  }
  const key = segment.kind === 'index' ? String(segment.index) : segment.name;
  if (hasOwn(value, key)) collect((value as Record<string, unknown>)[key], segments, at + 1, results);
}
