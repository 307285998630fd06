/**
 * The identity of a (parameterised) trigger: its type and parameters as JSON with sorted keys.
 * Rules with equal keys share one trigger; absent parameters equal `{}`.
 */
export function triggerKeyOf(type: string, parameters?: Record<string, unknown>): string {
  return stableJson({ type, parameters: parameters ?? {} });
}

/** JSON with object keys sorted at every level. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
