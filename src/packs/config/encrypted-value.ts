import type { SecretBox } from '../../datastore/secret-box.js';

/**
 * A secret in a pack config file is a plain YAML string `encrypted:v1:<base64>` (the secret box's
 * AES-256-GCM output behind a marker), so the file stays valid YAML any tool can read and edit, and
 * the value is only readable with this install's key. `squall pack config <pack> set <key> <value>
 * --secret` writes one.
 */
export const ENCRYPTED_PREFIX = 'encrypted:';

export function isEncryptedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);
}

export function encryptConfigValue(box: SecretBox, plaintext: string): string {
  return ENCRYPTED_PREFIX + box.encrypt(plaintext);
}

export function decryptConfigValue(box: SecretBox, value: string): string {
  return box.decrypt(value.slice(ENCRYPTED_PREFIX.length));
}
