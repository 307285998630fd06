import { afterEach, beforeEach } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { removeServerRecord, writeServerRecord } from '../../src/cli/server-file.js';
import { silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { makeTempHome, type TempHome } from './temp-home.js';

export interface ServedEngine {
  readonly temp: TempHome;
  readonly engine: Engine;
  readonly server: ApiServer;
  /** A request to the API over HTTP, with the home's API key (squall.yaml) when it has one. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export interface ServedEngineOptions {
  bundled?: readonly string[];
  /** Writes content (and squall.yaml, e.g. with api.api_key) into the home before the engine starts. */
  prepare?: (temp: TempHome) => Promise<void>;
}

/**
 * Per test: a real engine on a fresh temp home, its API over HTTP on 127.0.0.1 (a free port), and
 * the home's server record, so `squall … --home` in the test talks to it as it would to `squall start`.
 */
export function useServedEngine(options: ServedEngineOptions = {}): ServedEngine {
  let state: { temp: TempHome; engine: Engine; server: ApiServer } | undefined;
  beforeEach(async () => {
    const temp = await makeTempHome(options.bundled);
    await options.prepare?.(temp);
    const engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    const server = await createApiServer(engine, { host: '127.0.0.1', port: 0 });
    await writeServerRecord(temp.home, { pid: process.pid, url: server.url });
    state = { temp, engine, server };
  });
  afterEach(async () => {
    if (!state) return;
    const { temp, engine, server } = state;
    state = undefined;
    await removeServerRecord(temp.home, process.pid);
    await server.close();
    await engine.stop();
    await temp.cleanup();
  });
  const current = (): NonNullable<typeof state> => {
    if (!state) throw new Error('useServedEngine: only inside a test');
    return state;
  };
  return {
    get temp() {
      return current().temp;
    },
    get engine() {
      return current().engine;
    },
    get server() {
      return current().server;
    },
    async api(method, path, body) {
      const apiKey = current().engine.config.api.api_key;
      const headers: Record<string, string> = apiKey ? { 'st2-api-key': apiKey } : {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${current().server.url}/api/v1${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
  };
}
