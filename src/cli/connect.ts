import { API_PREFIX, buildApiApp } from '../api/server.js';
import type { ApiErrorBody } from '../api/http-errors.js';
import { loadConfig } from '../config/load-config.js';
import { createEngine } from '../engine/create-engine.js';
import { SquallError, errorMessage } from '../common/errors.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { readServerRecord } from './server-file.js';
import { readServerSentEvents, type StreamMessage } from './sse-reader.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The API of the Squall serving a home. With `squall start` running there, requests go over HTTP;
 * otherwise the engine opens in this process (one process at a time owns the SQLite file) and the
 * same routes answer through fastify's inject, so both paths give the same answers.
 */
export interface SquallApi {
  readonly mode: 'server' | 'in-process';
  /** The server's URL, or the home opened in-process. */
  readonly target: string;
  call<T>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
  /** The raw text of a GET (text/plain resources such as an execution's output). */
  text(path: string): Promise<string>;
  /**
   * Server only: opens `GET /stream?<query>`; resolves once the server is sending (events from
   * then on are delivered), ends when `signal` aborts. In-process there is no one else to hear.
   */
  events?(query: string, signal: AbortSignal): Promise<AsyncIterable<StreamMessage>>;
  /** In-process: waits for accepted work to finish, then stops the engine. */
  close(): Promise<void>;
}

/** A non-2xx answer, carrying the API's status and stable code. */
export class ApiCallError extends SquallError {
  readonly status: number;

  constructor(status: number, body: Partial<ApiErrorBody>) {
    super(body.code ?? `E_HTTP_${status}`, body.faultstring ?? `the API answered ${status}`);
    this.status = status;
  }
}

export async function connect(home: string, io: CliIo): Promise<SquallApi> {
  const server = await readServerRecord(home);
  return server ? connectToServer(server.url, home, io) : openInProcess(home, io);
}

async function connectToServer(url: string, home: string, io: CliIo): Promise<SquallApi> {
  const apiKey = (await loadConfig(home, io.env)).api.api_key;
  const request = (method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal) => {
    const headers: Record<string, string> = apiKey ? { 'st2-api-key': apiKey } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${url}${API_PREFIX}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    }).catch((error: unknown) => {
      throw new SquallError(
        'E_SERVER_UNREACHABLE',
        `squall server at ${url} (recorded in ${home}/data/squall.pid) does not answer: ${errorMessage(error)}; ` +
          'stop it or remove the stale pid file',
        { cause: error },
      );
    });
  };
  return {
    mode: 'server',
    target: url,
    async call<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
      const response = await request(method, path, body);
      return answer<T>(response.status, await response.text());
    },
    async text(path) {
      const response = await request('GET', path);
      return textAnswer(response.status, await response.text());
    },
    async events(query, signal) {
      const response = await request('GET', `/stream?${query}`, undefined, signal);
      if (response.status !== 200 || !response.body) answer(response.status, await response.text());
      return readServerSentEvents(response.body as ReadableStream<Uint8Array>);
    },
    close: async () => undefined,
  };
}

async function openInProcess(home: string, io: CliIo): Promise<SquallApi> {
  const logger = cliLogger(io, { fallbackLevel: 'error' });
  const engine = await createEngine({ home, logger, sensors: false });
  const app = await buildApiApp(engine).catch(async (error: unknown) => {
    await engine.stop();
    throw error;
  });
  return {
    mode: 'in-process',
    target: home,
    async call<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
      const response = await app.inject({
        method,
        url: `${API_PREFIX}${path}`,
        ...(body === undefined
          ? {}
          : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return answer<T>(response.statusCode, response.body);
    },
    async text(path) {
      const response = await app.inject({ method: 'GET', url: `${API_PREFIX}${path}` });
      return textAnswer(response.statusCode, response.body);
    },
    async close() {
      try {
        await engine.idle();
        await app.close();
      } finally {
        await engine.stop();
      }
    },
  };
}

function answer<T>(status: number, text: string): T {
  const body = text === '' ? undefined : parseJson(text);
  if (status >= 200 && status < 300) return body as T;
  throw new ApiCallError(
    status,
    typeof body === 'object' && body !== null ? (body as Partial<ApiErrorBody>) : {},
  );
}

function textAnswer(status: number, text: string): string {
  if (status >= 200 && status < 300) return text;
  return answer<never>(status, text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { faultstring: text };
  }
}
