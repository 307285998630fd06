import type { AddressInfo } from 'node:net';

import Fastify, { type FastifyInstance } from 'fastify';

import { isLoopback } from '../config/load-config.js';
import type { Engine } from '../engine/engine.js';
import { ValidationError } from '../common/errors.js';
import { installApiKeyCheck } from './api-key.js';
import { defaultConsoleDir, registerConsole } from './console/console-static.js';
import { installErrorHandlers } from './http-errors.js';
import { installAnswerMasking } from './serialize/mask-answers.js';
import { registerActionRoutes } from './routes/actions.js';
import { registerDeploymentRoutes } from './routes/deployments.js';
import { registerAliasExecutionRoutes, registerChatWebhookRoute } from './routes/alias-execution.js';
import { registerAliasRoutes } from './routes/aliases.js';
import { registerExecutionControlRoutes } from './routes/execution-controls.js';
import { registerExecutionRoutes } from './routes/executions.js';
import { registerClusterRoutes } from './routes/cluster.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInquiryRoutes } from './routes/inquiries.js';
import { registerPolicyRoutes } from './routes/policies.js';
import { registerKeyRoutes } from './routes/keys.js';
import { registerPackRoutes } from './routes/packs.js';
import { registerRuleEnforcementRoutes } from './routes/rule-enforcements.js';
import { registerRuleChangeRoutes } from './routes/rule-changes.js';
import { registerRuleRoutes } from './routes/rules.js';
import { registerSensorRoutes } from './routes/sensors.js';
import { registerStreamRoutes } from './routes/stream.js';
import { registerTraceRoutes } from './routes/traces.js';
import { registerTriggerInstanceRoutes } from './routes/trigger-instances.js';
import { registerTriggerTypeRoutes } from './routes/trigger-types.js';
import { registerWebhookListRoutes } from './routes/webhooks.js';
import { registerGitHookRoutes } from '../sensors/git/git-hook-routes.js';
import { registerWebhookRoutes } from '../sensors/webhooks/webhook-routes.js';

export const API_PREFIX = '/api/v1';

/** Adds routes (webhooks, chatops) to the same server; runs in its own fastify context. */
export type ApiPlugin = (app: FastifyInstance) => void | Promise<void>;

export interface ApiAppOptions {
  /** When set, every route not marked `config.squallPublic` requires it. */
  apiKey?: string;
  plugins?: readonly ApiPlugin[];
  /** The web console's built files served at `/`; false serves none. @default dist/console */
  consoleDir?: string | false;
}

export interface ApiServerOptions extends ApiAppOptions {
  /** @default engine.config.api.host (127.0.0.1) */
  host?: string;
  /** 0 picks a free port. @default engine.config.api.port (9101) */
  port?: number;
}

export interface ApiServer {
  /** Where the server listens, e.g. `http://127.0.0.1:9101`. */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The API as a fastify instance that does not listen (the CLI injects requests into it in-process). */
export async function buildApiApp(engine: Engine, options: ApiAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, return503OnClosing: true });
  installErrorHandlers(app, engine.logger);
  if (options.apiKey !== undefined && options.apiKey !== '') installApiKeyCheck(app, options.apiKey);
  installAnswerMasking(app, engine.secrets, `${API_PREFIX}/keys`);
  await app.register(
    async (api) => {
      registerHealthRoutes(api, engine);
      registerClusterRoutes(api, engine);
      registerActionRoutes(api, engine);
      registerRuleRoutes(api, engine);
      registerRuleChangeRoutes(api, engine);
      registerRuleEnforcementRoutes(api, engine);
      registerTraceRoutes(api, engine);
      registerStreamRoutes(api, engine);
      registerTriggerTypeRoutes(api, engine);
      registerTriggerInstanceRoutes(api, engine);
      registerExecutionRoutes(api, engine);
      registerInquiryRoutes(api, engine);
      registerPolicyRoutes(api, engine);
      registerExecutionControlRoutes(api, engine);
      registerKeyRoutes(api, engine);
      registerPackRoutes(api, engine);
      registerDeploymentRoutes(api, engine);
      registerAliasRoutes(api, engine);
      registerAliasExecutionRoutes(api, engine);
      registerSensorRoutes(api, engine);
      registerWebhookListRoutes(api, engine, options.apiKey);
    },
    { prefix: API_PREFIX },
  );
  registerEventRoutes(app, engine, options.apiKey);
  await registerChatWebhookRoute(app, engine);
  if (options.consoleDir !== false) await registerConsole(app, options.consoleDir ?? defaultConsoleDir());
  for (const plugin of options.plugins ?? []) {
    await app.register(async (instance) => {
      await plugin(instance);
    });
  }
  await app.ready();
  return app;
}

/** Binding anywhere but loopback needs an API key: refuse rather than expose the engine. */
export function assertApiKeyForHost(host: string, apiKey: string | undefined): void {
  if (!isLoopback(host) && (apiKey === undefined || apiKey === '')) {
    throw new ValidationError(
      `api: refusing to listen on ${host} without an API key; set SQUALL_API_KEY (or api.api_key in squall.yaml), or bind to 127.0.0.1`,
      { code: 'E_API_KEY_REQUIRED' },
    );
  }
}

/**
 * Serves the API. Binding anywhere but loopback needs an API key: without one the server refuses to
 * start rather than expose the engine.
 */
export async function createApiServer(engine: Engine, options: ApiServerOptions = {}): Promise<ApiServer> {
  const host = options.host ?? engine.config.api.host;
  const port = options.port ?? engine.config.api.port;
  const apiKey = options.apiKey ?? engine.config.api.api_key;
  assertApiKeyForHost(host, apiKey);
  const app = await buildApiApp(engine, { ...options, ...(apiKey === undefined ? {} : { apiKey }) });
  await app.listen({ host, port });
  return { url: listenUrl(app), app, close: () => app.close() };
}

/** Webhooks and git push hooks: each authenticates itself (its own secret, else the API key). */
function registerEventRoutes(app: FastifyInstance, engine: Engine, apiKey: string | undefined): void {
  const { git, ...webhooks } = engine.config.webhooks;
  const key = apiKey === undefined || apiKey === '' ? {} : { apiKey };
  registerWebhookRoutes(app, {
    registry: engine.webhooks,
    dispatcher: engine,
    config: webhooks,
    logger: engine.logger,
    ...key,
  });
  registerGitHookRoutes(app, {
    dispatcher: engine,
    config: git ?? { hooks: {} },
    logger: engine.logger,
    ...key,
  });
}

function listenUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
