import type { StoreConfig } from '../store/create-store.js';
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
  /** Chat adapters and alias settings, read by ChatOps (docs/chatops.md). */
  chatops: ChatopsConfig;
  /** Pack management: where `squall pack install <name>` looks names up. */
  packs: PacksConfig;
}

export interface WebhooksSection extends WebhooksConfig {
  /** `POST /api/v1/webhooks/git/<name>` push hooks (GitHub, Bitbucket), each with its secret. */
  git?: GitHooksConfig;
}

/**
 * `chatops:` in squall.yaml. With `webhook` and/or `slack`, the engine starts those adapters;
 * without either, aliases still run through `POST /api/v1/aliasexecution` and `squall chat`.
 */
export interface ChatopsConfig {
  /** Base URL for execution links in acks. @default api.public_url */
  public_url?: string;
  /** Seconds a `confirm: true` command waits for its confirmation. @default 120 */
  confirmation_ttl?: number;
  /** Longest command read, in characters. @default 1000 */
  max_command_length?: number;
  /** Mattermost/Rocket.Chat-style outgoing + incoming webhooks. */
  webhook?: {
    /** Where answers are POSTed as `{channel, text}`. */
    outgoing_url?: string;
    /** The token the chat service sends with each command. Env: SQUALL_CHATOPS_WEBHOOK_TOKEN. */
    token?: string;
    /** Extra headers for outgoing posts. */
    headers?: Record<string, string>;
  };
  /** Slack through Socket Mode. */
  slack?: {
    /** `xoxb-…`. Env: SQUALL_SLACK_BOT_TOKEN. */
    bot_token?: string;
    /** `xapp-…` with connections:write. Env: SQUALL_SLACK_APP_TOKEN. */
    app_token?: string;
    /** @default '!' */
    prefix?: string;
    /** Slack Web API base URL (for tests against a local fake). @default 'https://slack.com/api/' */
    api_url?: string;
  };
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

export type { StoreConfig };

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

/** Shorter API keys are guessable by brute force over the network. */
export const MIN_API_KEY_LENGTH = 16;
