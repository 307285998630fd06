import type { KeyValuePair } from '../../domain/key-value.js';
import { MASK } from '../../security/mask-constant.js';

/** st2's KeyValuePairAPI shape: scope `st2kv.system` or `st2kv.user` with the user beside it. */
export interface KeyView {
  uid: string;
  name: string;
  value: string;
  secret: boolean;
  /** True when `value` is not the clear text (masked). */
  encrypted: boolean;
  scope: 'st2kv.system' | 'st2kv.user';
  user?: string;
  expire_timestamp: string | null;
  updated_at: string;
}

export interface SerializeKeyOptions {
  /** The pair's value was read decrypted; show it. */
  decrypted?: boolean;
}

/** Secret values are masked unless the caller asked for (and got) the decrypted pair. */
export function serializeKey(pair: KeyValuePair, options: SerializeKeyOptions = {}): KeyView {
  const user = pair.scope.startsWith('user:') ? pair.scope.slice('user:'.length) : undefined;
  const scope = user === undefined ? 'st2kv.system' : 'st2kv.user';
  const hidden = pair.secret && options.decrypted !== true;
  return {
    uid: `key_value_pair:${scope}:${user === undefined ? '' : `${user}:`}${pair.key}`,
    name: pair.key,
    value: hidden ? MASK : pair.value,
    secret: pair.secret,
    encrypted: hidden,
    scope,
    ...(user === undefined ? {} : { user }),
    expire_timestamp: pair.expire_at,
    updated_at: pair.updated_at,
  };
}
