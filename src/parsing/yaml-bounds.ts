/**
 * Bounds on what one YAML document may hold. js-yaml resolves an alias to the very object its anchor
 * made, so a few hundred bytes of nested aliases ("billion laughs") stand for billions of nodes to
 * anyone who walks the data; the nodes are therefore counted as they expand, each shared object
 * once (memoised), and a document over a bound is refused before anything walks it.
 */
export interface YamlLimits {
  /** Bytes of YAML text. */
  maxBytes: number;
  /** Nodes (scalars, items, values) the document holds once every alias is expanded. */
  maxNodes: number;
  /** Nesting of mappings and lists. */
  maxDepth: number;
}

export const YAML_LIMITS: Readonly<YamlLimits> = {
  maxBytes: 2 * 1024 * 1024,
  maxNodes: 200_000,
  maxDepth: 64,
};

export interface YamlBoundProblem {
  /** Where the bound was crossed. */
  path: (string | number)[];
  reason: string;
}

type Node = object;

/** The first bound the data crosses, or undefined when it stays within all of them. */
export function findYamlBoundProblem(
  data: unknown,
  limits: YamlLimits = YAML_LIMITS,
): YamlBoundProblem | undefined {
  const sizes = new Map<Node, number>();
  const onPath = new Set<Node>();
  let problem: YamlBoundProblem | undefined;

  const expand = (value: unknown, path: (string | number)[]): number => {
    if (problem || typeof value !== 'object' || value === null) return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (onPath.has(value)) {
      problem = { path, reason: 'an alias refers to a node that contains it (a recursive structure)' };
      return 1;
    }
    if (path.length >= limits.maxDepth) {
      problem = { path, reason: `nesting deeper than ${limits.maxDepth} levels` };
      return 1;
    }
    onPath.add(value);
    let size = 1;
    for (const [key, child] of entries(value)) {
      size += expand(child, [...path, key]);
      if (!problem && size > limits.maxNodes) {
        problem = {
          path: [...path, key],
          reason: `more than ${limits.maxNodes} nodes once aliases are expanded`,
        };
      }
      if (problem) break;
    }
    onPath.delete(value);
    sizes.set(value, size);
    return size;
  };

  expand(data, []);
  return problem;
}

function entries(value: Node): [string | number, unknown][] {
  return Array.isArray(value)
    ? value.map((item, index): [number, unknown] => [index, item])
    : Object.entries(value);
}
