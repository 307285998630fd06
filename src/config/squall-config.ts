import { DEFAULT_BACKPRESSURE, type BackpressureSettings } from '../pipeline/backpressure.js';
import type { StoreConfig } from '../store/create-store.js';
import type { GitHooksConfig } from '../sensors/git/git-hook-routes.js';
import type { WebhooksConfig } from '../sensors/webhooks/webhook-routes.js';

/** `<home>/squall.yaml`: how this install runs. Every section is optional. */
export interface SquallConfig {
  api: ApiConfig;
  store: StoreConfig;
  queue: QueueConfig;
  executions: ExecutionsConfig;
  /** How much may wait in memory between ingress and the runners, and what ingress does when full. */
  backpressure: BackpressureSettings;
  /** Leases and heartbeats of a cluster (docs/scaling.md); used with a multi-process store. */
  cluster?: ClusterConfig;
  /** Per-hook auth and limits for `/api/v1/webhooks/*`, and the git push hooks under `git`. */
  webhooks: WebhooksSection;
  /** Chat adapters and alias settings, read by ChatOps (docs/chatops.md). */
  chatops: ChatopsConfig;
  /** Pack management: where `squall pack install <name>` looks names up. */
  packs: PacksConfig;
  /** Python actions and sensors: interpreter, warm workers, virtualenvs (docs/configuration.md). */
  python: PythonConfig;
  /** The remote-shell runners' OpenSSH client (docs/actions.md#remote-shell-cmd). */
  ssh: SshConfig;
  /** Patterns RE2 cannot run (back-references, lookaround): their time budget (docs/security.md). */
  regex: RegexConfig;
  /** How long history is kept (StackStorm's `[garbagecollector]`, docs/configuration.md#history). */
  history: HistoryConfig;
}

export interface RegexConfig {
  /** Milliseconds one such pattern may take on one value before it counts as not matching. @default 250 */
  budget_ms: number;
  /** Milliseconds a pattern that overran is not run again (it counts as not matching). @default 60000 */
  cool_down_ms: number;
}

/**
 * History retention. Days may be fractions (0.5 is 12 hours); 0 keeps that history forever.
 * Executions still waiting or running, and trigger instances still pending, are never deleted.
 */
export interface HistoryConfig {
  /** Executions and rule enforcements older than this are deleted (st2 `action_executions_ttl`). @default 30 */
  retention_days: number;
  /** Trigger instances older than this are deleted (st2 `trigger_instances_ttl`). @default retention_days */
  trigger_instances_retention_days?: number;
  /** Actions' stdout/stderr chunks (st2 `action_executions_output_ttl`). @default 7 */
  output_retention_days: number;
  /** Seconds between collections (st2 `collection_interval`). @default 600 */
  gc_interval_seconds: number;
  /** Rows deleted per statement, so no transaction holds the store for long. @default 500 */
  gc_batch_size: number;
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

export interface PythonConfig {
  /** The interpreter virtualenvs are made from, and that runs packs without one. @default 'python3' */
  interpreter: string;
  /** Warm worker processes kept per pack between executions. @default 2 */
  pool_size: number;
  /** Seconds an idle warm worker is kept before it exits. @default 300 */
  idle_timeout: number;
  /** Reuse worker processes; false starts one process per execution, as StackStorm does. @default true */
  warm: boolean;
  /** Per-pack settings, by pack ref. */
  packs: Record<string, { pool_size?: number }>;
  /** How `pip` installs packs' requirements.txt into their virtualenvs. */
  pip: PipConfig;
}

export interface PipConfig {
  /** `--index-url`. */
  index_url?: string;
  /** `--extra-index-url`, each. */
  extra_index_url?: string[];
  /** `--find-links`, each: folders (relative to the home) or URLs. */
  find_links?: string[];
  /** `--no-index`: only `find_links`. @default false */
  no_index?: boolean;
  /** Seconds one pip install may take. @default 900 */
  timeout?: number;
}

export interface SshConfig {
  /** Login user when an action gives no `username`. @default the user Squall runs as */
  user?: string;
  /** Private key used when an action gives no `private_key` (relative to the home). */
  private_key_file?: string;
  /** known_hosts the host keys are checked against (relative to the home). @default ~/.ssh/known_hosts */
  known_hosts_file?: string;
  /** Seconds to establish a connection. @default 10 */
  connect_timeout: number;
  /** Hosts one `parallel: true` action runs on at once. @default 10 */
  max_parallel: number;
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
  /** Seconds between heartbeat comments on `GET /api/v1/stream`. @default 15 */
  stream_heartbeat_interval?: number;
}

export type { StoreConfig };

export type QueueConfig =
  | { driver: 'memory' }
  | {
      driver: 'bullmq';
      /** `redis://host:6379/0`. Env: SQUALL_REDIS_URL. */
      url: string;
      /** Prefix of Squall's Redis keys; processes with the same url and prefix form one cluster. @default 'squall' */
      prefix?: string;
      /** Seconds before a dead runner's job is handed to another runner (BullMQ's job lock). @default 30 */
      lock_seconds?: number;
    };

export interface ClusterConfig {
  /** Seconds a timer's or pack sensor's lease lasts unrenewed: how soon another node takes over. @default 15 */
  lease_seconds?: number;
  /** Seconds between a node's heartbeats (`squall cluster status`). @default 5 */
  heartbeat_seconds?: number;
}

export interface ExecutionsConfig {
  /** Executions run at once by this process. @default 8 */
  concurrency: number;
}

export const DEFAULT_CONFIG: SquallConfig = {
  api: { host: '127.0.0.1', port: 9101 },
  store: { driver: 'sqlite', path: 'data/squall.db' },
  queue: { driver: 'memory' },
  executions: { concurrency: 8 },
  backpressure: DEFAULT_BACKPRESSURE,
  webhooks: {},
  chatops: {},
  packs: {},
  python: { interpreter: 'python3', pool_size: 2, idle_timeout: 300, warm: true, packs: {}, pip: {} },
  ssh: { connect_timeout: 10, max_parallel: 10 },
  regex: { budget_ms: 250, cool_down_ms: 60_000 },
  history: { retention_days: 30, output_retention_days: 7, gc_interval_seconds: 600, gc_batch_size: 500 },
};

/** Shorter API keys are guessable by brute force over the network. */
export const MIN_API_KEY_LENGTH = 16;
