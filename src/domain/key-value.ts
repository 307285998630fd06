/** A datastore entry. `scope` is `system` or `user:<name>`. */
export interface KeyValuePair {
  scope: string;
  key: string;
  /** Plain text, or ciphertext (base64) when `secret`. */
  value: string;
  secret: boolean;
  /** ISO-8601 expiry, when the key has a TTL. */
  expire_at: string | null;
  updated_at: string;
}
