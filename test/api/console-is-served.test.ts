import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApiApp } from '../../src/api/server.js';
import { useTempEngine } from '../support/temp-engine.js';

const API_KEY = 'console-static-key-0123456789';

describe('the web console is served beside the API', () => {
  const current = useTempEngine();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'squall-console-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Squall</title>');
    await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const withApp = async (
    options: { consoleDir?: string; apiKey?: string },
    check: (app: FastifyInstance) => Promise<void>,
  ): Promise<void> => {
    const app = await buildApiApp(current.engine, options);
    try {
      await check(app);
    } finally {
      await app.close();
    }
  };

  it('answers index.html at / and at the app’s own paths, including refs with dots', async () => {
    await withApp({ consoleDir: dir }, async (app) => {
      for (const url of ['/', '/live', '/executions/01abc', '/rules/mine.greet', '/run/core.local?x=1']) {
        const answer = await app.inject({ method: 'GET', url });
        expect(answer.statusCode, url).toBe(200);
        expect(answer.headers['content-type']).toContain('text/html');
        expect(answer.headers['cache-control']).toBe('no-cache');
        expect(answer.body).toContain('<title>Squall</title>');
      }
    });
  });

  it('serves hashed assets as immutable and answers 404 for a missing one', async () => {
    await withApp({ consoleDir: dir }, async (app) => {
      const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect((await app.inject({ method: 'GET', url: '/assets/gone.js' })).statusCode).toBe(404);
      const escape = await app.inject({ method: 'GET', url: '/assets/..%2f..%2fetc%2fpasswd' });
      expect(escape.statusCode).toBeGreaterThanOrEqual(400);
    });
  });

  it('keeps unknown API paths as API errors', async () => {
    await withApp({ consoleDir: dir }, async (app) => {
      const answer = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ code: 'E_NO_ROUTE' });
    });
  });

  it('serves the page without the API key, while the API still requires it', async () => {
    await withApp({ consoleDir: dir, apiKey: API_KEY }, async (app) => {
      expect((await app.inject({ method: 'GET', url: '/rules' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/rules' })).statusCode).toBe(401);
      const keyed = await app.inject({
        method: 'GET',
        url: '/api/v1/rules',
        headers: { 'St2-Api-Key': API_KEY },
      });
      expect(keyed.statusCode).toBe(200);
    });
  });

  it('says how to build the console when it is not built', async () => {
    const missing = path.join(dir, 'not-built');
    await withApp({ consoleDir: missing }, async (app) => {
      const answer = await app.inject({ method: 'GET', url: '/' });
      expect(answer.statusCode).toBe(503);
      expect(answer.body).toContain('npm run build');
    });
  });
});
