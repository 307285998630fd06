import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/load-config.js';

describe('squall.yaml is checked when Squall starts', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'squall-config-'));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  const load = async (yaml: string, env: NodeJS.ProcessEnv = {}) => {
    await writeFile(path.join(home, 'squall.yaml'), yaml);
    return loadConfig(home, env);
  };

  it('applies defaults and resolves a relative SQLite path, keeping its other fields', async () => {
    const config = await load('store: { driver: sqlite, path: db/s.db, worker: false }\n');
    expect(config.store).toEqual({ driver: 'sqlite', path: path.join(home, 'db/s.db'), worker: false });
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 9101 });
  });

  it('reads the regex budget, keeping the default cool-down, and refuses a budget of 0', async () => {
    expect((await load('regex: { budget_ms: 1000 }\n')).regex).toEqual({
      budget_ms: 1000,
      cool_down_ms: 60_000,
    });
    await expect(load('regex: { budget_ms: 0 }\n')).rejects.toThrow(/squall\.yaml: .*regex.*budget_ms/);
  });

  it('refuses a misspelt field, naming it', async () => {
    await expect(load('api: { prt: 80 }\n')).rejects.toThrow(/squall\.yaml: .*api.*"prt"/);
  });

  it('refuses a webhook hmac without its algorithm', async () => {
    const yaml = 'webhooks:\n  hooks:\n    deploy:\n      hmac: { secret: s, header: X-Sig }\n';
    await expect(load(yaml)).rejects.toThrow(/algorithm/);
  });

  it('takes the API key and database URL from the environment, keeping the schema', async () => {
    const config = await load('store: { driver: postgres, url: postgres://x/y, schema: ops }\n', {
      SQUALL_API_KEY: 'k3y-0123456789abcdef',
      SQUALL_DATABASE_URL: 'postgres://127.0.0.1/test',
    });
    expect(config.api.api_key).toBe('k3y-0123456789abcdef');
    expect(config.store).toEqual({ driver: 'postgres', url: 'postgres://127.0.0.1/test', schema: 'ops' });
  });

  it('reads a BullMQ queue with its Redis URL and key prefix', async () => {
    const config = await load('queue: { driver: bullmq, url: "redis://127.0.0.1:6379", prefix: ops }\n');
    expect(config.queue).toEqual({ driver: 'bullmq', url: 'redis://127.0.0.1:6379', prefix: 'ops' });
  });

  it('refuses a BullMQ queue without its Redis URL, or with a URL that is not redis://', async () => {
    await expect(load('queue: { driver: bullmq }\n')).rejects.toThrow(/squall\.yaml: .*url/);
    await expect(load('queue: { driver: bullmq, url: "http://x" }\n')).rejects.toThrow(/squall\.yaml/);
    await expect(load('queue: { driver: memory, url: "redis://x" }\n')).rejects.toThrow(/squall\.yaml/);
  });

  it('takes the Redis URL from SQUALL_REDIS_URL, keeping the prefix of the file', async () => {
    const config = await load('queue: { driver: bullmq, url: "redis://other:6379", prefix: ops }\n', {
      SQUALL_REDIS_URL: 'redis://127.0.0.1:6379/2',
    });
    expect(config.queue).toEqual({ driver: 'bullmq', url: 'redis://127.0.0.1:6379/2', prefix: 'ops' });
    const fromEnvOnly = await load('', { SQUALL_REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(fromEnvOnly.queue).toEqual({ driver: 'bullmq', url: 'redis://127.0.0.1:6379' });
  });
});
