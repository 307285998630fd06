/** The fields st2's action and rule resources start with. */
export interface ContentFields {
  ref: string;
  uid: string;
  name: string;
  pack: string;
  description: string;
  enabled: boolean;
}

export function contentFields(
  kind: 'action' | 'rule',
  ref: string,
  spec: { pack: string; name: string; description?: string; enabled: boolean },
): ContentFields {
  return {
    ref,
    uid: `${kind}:${spec.pack}:${spec.name}`,
    name: spec.name,
    pack: spec.pack,
    description: spec.description ?? '',
    enabled: spec.enabled,
  };
}
