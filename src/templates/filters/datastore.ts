import { MissingDatastoreKey } from '../datastore-view.js';
import { runtimeOf } from '../render-runtime.js';

/** StackStorm's marker for "this value is None", which casting turns back into null. */
export const NONE_MAGIC_VALUE = '%*****__%NONE%__*****%';

/** `use_none`: lets a null survive being rendered into text, so the parameter ends up null. */
export function useNone(value: unknown): unknown {
  return value === null || value === undefined ? NONE_MAGIC_VALUE : value;
}

/** `decrypt_kv`: decrypts a secret datastore value (`{{ st2kv.system.token | decrypt_kv }}`). */
export function decryptKv(this: unknown, value: unknown): string {
  if (value instanceof MissingDatastoreKey) {
    throw new Error(`Referenced datastore item "${value.reference}" doesn't exist`);
  }
  const { decrypt } = runtimeOf(this);
  if (!decrypt) {
    throw new Error(
      'decrypt_kv: no datastore decryption is available here (the template context has no "decrypt")',
    );
  }
  if (typeof value !== 'string' || value === '') {
    throw new Error(`decrypt_kv: expected an encrypted datastore value, got ${JSON.stringify(value)}`);
  }
  try {
    return decrypt(value);
  } catch (error) {
    throw new Error(`decrypt_kv: cannot decrypt the value: ${(error as Error).message}`, { cause: error });
  }
}
