import type { KeyValueLookup } from '../snapshot/model/rule-definition.js';
import { compileTemplate } from '../templates/compile-template.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import type { IncomingChatMessage } from './chat-adapter.js';

/**
 * st2 renders `immutable_parameters` as Jinja with the datastore (`st2kv.system.*`,
 * `st2kv.user.*` of the requesting user) and the action context (`user`, `source_channel`,
 * `action_alias_ref`). Non-string values are used as they are. `decrypt_kv` works when `decrypt`
 * is given: these templates come from the pack, never from the chat user.
 */
export function renderImmutableParameters(
  alias: AliasDefinition,
  message: Pick<IncomingChatMessage, 'user' | 'channel'>,
  kv?: KeyValueLookup,
  decrypt?: (ciphertext: string) => string,
): Record<string, unknown> {
  const context = { user: message.user, source_channel: message.channel, action_alias_ref: alias.ref };
  const rendered: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(alias.immutable_parameters)) {
    if (typeof value !== 'string') {
      rendered[name] = value;
      continue;
    }
    const template = compileTemplate(value, { name: `${alias.ref} immutable_parameters.${name}` });
    rendered[name] = template({
      ...(kv ? { kv } : {}),
      ...(decrypt ? { decrypt } : {}),
      user: message.user,
      action_context: context,
      extra: context,
    });
  }
  return rendered;
}
