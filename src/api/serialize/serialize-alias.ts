import type { AliasDefinition } from '../../snapshot/model/alias-definition.js';

/** st2's ActionAliasAPI shape, plus Squall's `allowed_users`, `allowed_groups` and `confirm`. */
export interface AliasView {
  ref: string;
  uid: string;
  name: string;
  pack: string;
  action_ref: string;
  description: string;
  enabled: boolean;
  formats: AliasDefinition['formats'];
  ack: AliasDefinition['ack'];
  result: AliasDefinition['result'];
  extra: Record<string, unknown>;
  immutable_parameters: Record<string, unknown>;
  allowed_users?: string[];
  allowed_groups?: string[];
  confirm: boolean;
  metadata_file: string | null;
}

export function serializeAlias(alias: AliasDefinition): AliasView {
  return {
    ref: alias.ref,
    uid: `action_alias:${alias.pack}:${alias.name}`,
    name: alias.name,
    pack: alias.pack,
    action_ref: alias.action_ref,
    description: alias.description ?? '',
    enabled: alias.enabled,
    formats: alias.formats,
    ack: alias.ack,
    result: alias.result,
    extra: alias.extra ?? {},
    immutable_parameters: alias.immutable_parameters,
    ...(alias.allowed_users ? { allowed_users: alias.allowed_users } : {}),
    ...(alias.allowed_groups ? { allowed_groups: alias.allowed_groups } : {}),
    confirm: alias.confirm,
    metadata_file: alias.source?.file ?? null,
  };
}
