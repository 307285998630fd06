import type { GitHooksConfig } from '../sensors/git/git-hook-routes.js';
import type { WebhooksConfig } from '../sensors/webhooks/webhook-routes.js';

/** `<home>/squall.yaml`: how this install runs. Every section is optional. */
export interface SquallConfig {
  api: ApiConfig;
  store: StoreConfig;
  queue: QueueConfig;
  executions: ExecutionsConfig;
  /** Per-hook auth and limits for `/api/v1/webhooks/*`, and the git push hooks under `git`. */
  webhooks: WebhooksSection;
  /** Chat adapters and alias settings, read by ChatOps. */
  chatops: Record<string, unknown>;
  /** Pack management: where `squall pack install <name>` looks names up. */
  packs: PacksConfig;
}

export interface WebhooksSection extends WebhooksConfig {
  /** `POST /api/v1/webhooks/git/<name>` push hooks (GitHub, Bitbucket), each with its secret. */
  git?: GitHooksConfig;
}

export interface PacksConfig {
  /** A pack index (StackStorm Exchange shape: `{packs: {<name>: {repo_url, version, ...}}}`): a path or URL. */
  index?: string;
}

export interface ApiConfig {
  /** @default '127.0.0.1' */
  host: string;
  /** @default 9101 */
  port: number;
  /** Required when `host` is not a loopback address. Sent as `St2-Api-Key` or `X-Api-Key`. */
  api_key?: string;
  /** Public base URL of this API, for links in chat messages. */
  public_url?: string;
}

export type StoreConfig =
  { driver: 'sqlite'; path: string } | { driver: 'postgres'; url: string; schema?: string };

export type QueueConfig = { driver: 'memory' } | { driver: 'bullmq'; url: string; prefix?: string };

export interface ExecutionsConfig {
  /** Executions run at once by this process. @default 8 */
  concurrency: number;
}

export const DEFAULT_CONFIG: SquallConfig = {
  api: { host: '127.0.0.1', port: 9101 },
  store: { driver: 'sqlite', path: 'data/squall.db' },
  queue: { driver: 'memory' },
  executions: { concurrency: 8 },
  webhooks: {},
  chatops: {},
  packs: {},
};
