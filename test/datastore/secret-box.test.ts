import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateSecretKey, parseSecretKey } from '../../src/datastore/secret-box.js';

describe('secret box', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'squall-secret-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips text with a random IV and a version prefix', () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.encrypt('pässwörd 🔑');
    const b = box.encrypt('pässwörd 🔑');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pässwörd');
    expect(box.decrypt(a)).toBe('pässwörd 🔑');
    expect(box.decrypt(box.encrypt(''))).toBe('');
  });

  it('refuses a value encrypted with another key, a tampered value and a non-secret', () => {
    const box = createSecretBox(randomBytes(32));
    const other = createSecretBox(randomBytes(32));
    const sealed = box.encrypt('secret');
    expect(() => other.decrypt(sealed)).toThrow(
      /encrypted with another key or altered; set SQUALL_SECRET_KEY/,
    );
    expect(() => other.decrypt(sealed)).toThrow(expect.objectContaining({ code: 'E_SECRET_DECRYPT' }));
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => box.decrypt(`v1:${raw.toString('base64')}`)).toThrow(
      expect.objectContaining({ code: 'E_SECRET_DECRYPT' }),
    );
    expect(() => box.decrypt('plain text')).toThrow(expect.objectContaining({ code: 'E_SECRET_FORMAT' }));
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('creates <dataDir>/secret.key with mode 0600 once and reuses it', async () => {
    const dataDir = join(dir, 'data');
    const key = loadOrCreateSecretKey(dataDir, {});
    const file = join(dataDir, 'secret.key');
    expect(key).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(await readFile(file, 'utf8'), file)).toEqual(key);
    expect(loadOrCreateSecretKey(dataDir, {})).toEqual(key);
  });

  it('prefers SQUALL_SECRET_KEY, as base64 or hex', () => {
    const key = randomBytes(32);
    expect(loadOrCreateSecretKey(dir, { SQUALL_SECRET_KEY: key.toString('base64') })).toEqual(key);
    expect(loadOrCreateSecretKey(dir, { SQUALL_SECRET_KEY: key.toString('hex') })).toEqual(key);
    expect(() => loadOrCreateSecretKey(dir, { SQUALL_SECRET_KEY: 'too-short' })).toThrow(
      /SQUALL_SECRET_KEY must be 32 bytes as base64 or 64 hex digits; generate one with `openssl rand -base64 32`/,
    );
  });

  it('names the key file when it holds a bad key', async () => {
    await writeFile(join(dir, 'secret.key'), 'not a key!');
    expect(() => loadOrCreateSecretKey(dir, {})).toThrow(/secret\.key must be 32 bytes/);
  });
});
