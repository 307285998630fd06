import { createApiServer, type ApiServer, type ApiServerOptions } from '../../../src/api/server.js';
import { createEngine, type Engine } from '../../../src/engine/create-engine.js';
import { silentLogger } from '../../../src/common/logger.js';
import type { TempHome } from './temp-home.js';

export interface ApiFixture {
  engine: Engine;
  server: ApiServer;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: unknown;
  }>;
  close(): Promise<void>;
}

/** A real engine on the home and its API on 127.0.0.1 (a free port), over real HTTP. */
export async function startApi(home: TempHome, options: ApiServerOptions = {}): Promise<ApiFixture> {
  const engine = await createEngine({ home: home.dir, logger: silentLogger(), sensors: false });
  const server = await createApiServer(engine, { host: '127.0.0.1', port: 0, ...options }).catch(
    async (error: unknown) => {
      await engine.stop();
      throw error;
    },
  );
  return {
    engine,
    server,
    async request(method, path, { body, headers = {} } = {}) {
      const url = `${server.url.replace('0.0.0.0', '127.0.0.1')}/api/v1${path}`;
      const response = await fetch(url, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async close() {
      await server.close();
      await engine.stop();
    },
  };
}
