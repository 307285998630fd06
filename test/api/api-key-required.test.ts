import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { apiKeyMatches } from '../../src/api/api-key.js';
import { startApi, type ApiFixture } from './helpers/api-fixture.js';
import { createTempHome, type TempHome } from './helpers/temp-home.js';

describe('API key', () => {
  let home: TempHome;

  beforeAll(async () => {
    home = await createTempHome();
  });
  afterAll(async () => {
    await home.remove();
  });

  it('compares keys exactly, whatever their lengths', () => {
    expect(apiKeyMatches('s3cret-key', 's3cret-key')).toBe(true);
    expect(apiKeyMatches('s3cret-key', 's3cret-kez')).toBe(false);
    expect(apiKeyMatches('s3cret-key', 's3cret-key-longer')).toBe(false);
    expect(apiKeyMatches('s3cret-key', '')).toBe(false);
  });

  it('refuses to listen beyond loopback without a key', async () => {
    await expect(startApi(home, { host: '0.0.0.0' })).rejects.toMatchObject({ code: 'E_API_KEY_REQUIRED' });
  });

  describe('bound to 0.0.0.0 with a key', () => {
    let api: ApiFixture;

    beforeAll(async () => {
      api = await startApi(home, {
        host: '0.0.0.0',
        apiKey: 'correct-horse-battery-staple',
        plugins: [
          (app: FastifyInstance) => {
            app.get('/api/v1/plugin-echo', async () => ({ plugin: true }));
          },
        ],
      });
    });
    afterAll(async () => {
      await api.close();
    });

    it('answers 401 without a key and 403 with a wrong one, as {faultstring, code}', async () => {
      expect(await api.request('GET', '/actions')).toEqual({
        status: 401,
        body: { faultstring: expect.stringContaining('St2-Api-Key'), code: 'E_API_KEY_MISSING' },
      });
      expect(await api.request('GET', '/actions', { headers: { 'St2-Api-Key': 'wrong' } })).toEqual({
        status: 403,
        body: { faultstring: expect.stringContaining('not valid'), code: 'E_API_KEY_INVALID' },
      });
      expect(await api.request('GET', '/actions', { headers: { 'X-Api-Key': 'wrong' } })).toMatchObject({
        status: 403,
      });
    });

    it('accepts the key in St2-Api-Key or X-Api-Key', async () => {
      const st2 = await api.request('GET', '/actions', {
        headers: { 'St2-Api-Key': 'correct-horse-battery-staple' },
      });
      const x = await api.request('GET', '/actions', {
        headers: { 'X-Api-Key': 'correct-horse-battery-staple' },
      });
      expect(st2.status).toBe(200);
      expect(x.status).toBe(200);
      expect((st2.body as { ref: string }[]).map((action) => action.ref)).toContain('core.local');
    });

    it('protects routes that plugins add, and leaves /health open', async () => {
      expect((await api.request('GET', '/plugin-echo')).status).toBe(401);
      expect((await api.request('GET', '/plugin-echo', { headers: { 'X-Api-Key': 'nope' } })).status).toBe(
        403,
      );
      expect(
        await api.request('GET', '/plugin-echo', {
          headers: { 'X-Api-Key': 'correct-horse-battery-staple' },
        }),
      ).toEqual({
        status: 200,
        body: { plugin: true },
      });
      expect(await api.request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    });
  });
});
