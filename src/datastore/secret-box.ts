import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NonRetriableError, ValidationError, errorMessage } from '../common/errors.js';

/** Encrypts datastore secrets and secret execution parameters at rest. */
export interface SecretBox {
  /** `v1:` + base64(iv | auth tag | ciphertext); a new random IV every time. */
  encrypt(plaintext: string): string;
  /** Rejects tampered values and values encrypted with another key (E_SECRET_DECRYPT). */
  decrypt(ciphertext: string): string;
}

export const SECRET_KEY_ENV = 'SQUALL_SECRET_KEY';
export const SECRET_KEY_FILE = 'secret.key';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HOW_TO_MAKE_A_KEY = 'generate one with `openssl rand -base64 32`';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A 32-byte key written as 64 hex digits or base64. */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (BASE64_KEY.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  if (key?.length !== KEY_BYTES) {
    throw new ValidationError(
      `secret box: the key in ${source} must be 32 bytes as base64 or 64 hex digits; ${HOW_TO_MAKE_A_KEY}`,
      { code: 'E_SECRET_KEY' },
    );
  }
  return key;
}

/**
 * The key from SQUALL_SECRET_KEY, else from `<dataDir>/secret.key`, which is created (mode 0600)
 * with a random key the first time.
 */
export function loadOrCreateSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseSecretKey(fromEnv, SECRET_KEY_ENV);
  const file = join(dataDir, SECRET_KEY_FILE);
  try {
    return parseSecretKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return parseSecretKey(readFileSync(file, 'utf8'), file);
    throw new NonRetriableError(`secret box: cannot create ${file}: ${errorMessage(error)}`, {
      code: 'E_SECRET_KEY',
      cause: error,
    });
  }
}

/** AES-256-GCM with the given 32-byte key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) {
    throw new ValidationError(
      `secret box: the key must be 32 bytes, got ${key.length}; ${HOW_TO_MAKE_A_KEY}`,
      {
        code: 'E_SECRET_KEY',
      },
    );
  }
  return {
    encrypt(plaintext: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(ciphertext: string): string {
      const raw = ciphertext.startsWith(PREFIX)
        ? Buffer.from(ciphertext.slice(PREFIX.length), 'base64')
        : undefined;
      if (!raw || raw.length < IV_BYTES + TAG_BYTES) {
        throw new ValidationError(
          'secret box: value is not a Squall secret (expected "v1:" followed by base64); was it stored with secret: true?',
          { code: 'E_SECRET_FORMAT' },
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new NonRetriableError(
          `secret box: cannot decrypt a secret: it was encrypted with another key or altered; ` +
            `set ${SECRET_KEY_ENV} (or <dataDir>/${SECRET_KEY_FILE}) to the key it was written with`,
          { code: 'E_SECRET_DECRYPT', cause: error },
        );
      }
    },
  };
}
