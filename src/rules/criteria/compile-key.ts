import { isRecord } from '../../common/guards.js';
import { parsePath, PathSyntaxError, type PathSegment } from './path.js';

/** Reads the value a criterion key points at from the root value (the payload, or a search item). */
export type ValueGetter = (root: unknown) => unknown;

export interface CompiledKey {
  /** The key without its `#suffix`. */
  path: string;
  get: ValueGetter;
}

/**
 * Compiles an st2 criteria key (`trigger.body.x#2`) rooted at `root` (`trigger`, or `item` inside
 * a `search`). Lookups follow st2's jsonpath: a field of a non-object, an index past the end or an
 * absent key are "missing" (undefined), never an error; with `*` the first value found is used.
 */
export function compileCriteriaKey(key: string, root: string): CompiledKey {
  const path = key.split('#', 1)[0]!.trim();
  const segments = parsePath(path);
  const first = segments[0];
  if (path.startsWith('$') || first?.kind !== 'key' || first.name !== root) {
    throw new PathSyntaxError(`the key "${key}" must start with "${root}." (e.g. "${root}.body.name")`);
  }
  return { path, get: compileSegments(segments.slice(1)) };
}

export function compileSegments(segments: readonly PathSegment[]): ValueGetter {
  if (segments.some((segment) => segment.kind === 'wildcard')) {
    return (root) => firstMatch(root, segments, 0);
  }
  const steps = segments.map(stepOf);
  switch (steps.length) {
    case 0:
      return (root) => root;
    case 1: {
      const [a] = steps as [Step];
      return (root) => a(root);
    }
    case 2: {
      const [a, b] = steps as [Step, Step];
      return (root) => {
        const value = a(root);
        return value === undefined ? undefined : b(value);
      };
    }
    case 3: {
      const [a, b, c] = steps as [Step, Step, Step];
      return (root) => {
        let value = a(root);
        if (value === undefined) return undefined;
        value = b(value);
        return value === undefined ? undefined : c(value);
      };
    }
    default:
      return (root) => {
        let value = root;
        for (const step of steps) {
          value = step(value);
          if (value === undefined) return undefined;
        }
        return value;
      };
  }
}

type Step = (value: unknown) => unknown;

/** Names that plain objects or arrays inherit: these need an own-property check. */
function isInheritedName(name: string): boolean {
  return name in Object.prototype || name in Array.prototype || name === '__proto__';
}

function stepOf(segment: PathSegment): Step {
  if (segment.kind === 'index') {
    const index = segment.index;
    return (value) =>
      Array.isArray(value) || typeof value === 'string'
        ? index < value.length
          ? value[index]
          : undefined
        : undefined;
  }
  const name = segment.kind === 'key' ? segment.name : '*';
  if (isInheritedName(name) || /^\d+$/.test(name)) {
    return (value) => (isRecord(value) && Object.hasOwn(value, name) ? value[name] : undefined);
  }
  // Arrays and strings have no such property, so only null needs excluding.
  return (value) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function firstMatch(value: unknown, segments: readonly PathSegment[], at: number): unknown {
  if (value === undefined) return undefined;
  const segment = segments[at];
  if (!segment) return value;
  if (segment.kind !== 'wildcard') return firstMatch(stepOf(segment)(value), segments, at + 1);
  const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  for (const child of children) {
    const found = firstMatch(child, segments, at + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
