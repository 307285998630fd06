import type { ChatopsConfig } from '../config/squall-config.js';
import { ValidationError } from '../common/errors.js';
import type { SlackAdapterOptions } from './adapters/slack-adapter.js';
import type { WebhookAdapterOptions } from './adapters/webhook-adapter.js';

/** The `chatops:` section checked, with tokens taken from the environment where set. */
export interface ChatopsSettings {
  publicUrl?: string;
  confirmationTtlMs: number;
  maxCommandLength?: number;
  webhook?: WebhookAdapterOptions;
  slack?: Omit<SlackAdapterOptions, 'logger'>;
}

export const CHATOPS_ENV = {
  webhookToken: 'SQUALL_CHATOPS_WEBHOOK_TOKEN',
  slackBotToken: 'SQUALL_SLACK_BOT_TOKEN',
  slackAppToken: 'SQUALL_SLACK_APP_TOKEN',
} as const;

/**
 * Validates `chatops:` from `file` (squall.yaml). An adapter is configured when its section is
 * present; a present section missing what it needs is an error, so a typo never silently turns
 * ChatOps off.
 */
export function resolveChatopsSettings(
  config: ChatopsConfig,
  env: NodeJS.ProcessEnv,
  options: { file: string; apiPublicUrl?: string },
): ChatopsSettings {
  const fail = (message: string): never => {
    throw new ValidationError(`${options.file}: chatops.${message} (see docs/chatops.md)`, {
      code: 'E_CONFIG',
      location: { file: options.file },
    });
  };
  const known = ['public_url', 'confirmation_ttl', 'max_command_length', 'webhook', 'slack'];
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) fail(`${key} is not a setting; known: ${known.join(', ')}`);
  }
  const ttl = config.confirmation_ttl ?? 120;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1) {
    fail(`confirmation_ttl must be a whole number of seconds >= 1, got ${JSON.stringify(ttl)}`);
  }
  const max = config.max_command_length;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    fail(`max_command_length must be a whole number >= 1, got ${JSON.stringify(max)}`);
  }
  const publicUrl = config.public_url ?? options.apiPublicUrl;
  if (publicUrl !== undefined) checkUrl(publicUrl, 'public_url', fail);
  const settings: ChatopsSettings = {
    confirmationTtlMs: ttl * 1000,
    ...(publicUrl === undefined ? {} : { publicUrl }),
    ...(max === undefined ? {} : { maxCommandLength: max }),
  };
  if (config.webhook !== undefined) settings.webhook = webhookSettings(config.webhook, env, fail);
  if (config.slack !== undefined) settings.slack = slackSettings(config.slack, env, fail);
  return settings;
}

type Fail = (message: string) => never;

function webhookSettings(
  section: NonNullable<ChatopsConfig['webhook']>,
  env: NodeJS.ProcessEnv,
  fail: Fail,
): WebhookAdapterOptions {
  const outgoingUrl = section.outgoing_url;
  if (typeof outgoingUrl !== 'string' || outgoingUrl === '') {
    return fail('webhook.outgoing_url is required: the incoming-webhook URL answers are posted to');
  }
  checkUrl(outgoingUrl, 'webhook.outgoing_url', fail);
  const token = env[CHATOPS_ENV.webhookToken] || section.token;
  if (typeof token !== 'string' || token === '') {
    return fail(`webhook.token is required (or set ${CHATOPS_ENV.webhookToken})`);
  }
  if (section.headers !== undefined && !isStringRecord(section.headers)) {
    fail('webhook.headers must map header names to strings');
  }
  return { outgoingUrl, token, ...(section.headers ? { headers: section.headers } : {}) };
}

function slackSettings(
  section: NonNullable<ChatopsConfig['slack']>,
  env: NodeJS.ProcessEnv,
  fail: Fail,
): Omit<SlackAdapterOptions, 'logger'> {
  const botToken = env[CHATOPS_ENV.slackBotToken] || section.bot_token;
  const appToken = env[CHATOPS_ENV.slackAppToken] || section.app_token;
  if (typeof botToken !== 'string' || botToken === '') {
    return fail(`slack.bot_token is required (or set ${CHATOPS_ENV.slackBotToken})`);
  }
  if (typeof appToken !== 'string' || appToken === '') {
    return fail(`slack.app_token is required (or set ${CHATOPS_ENV.slackAppToken})`);
  }
  if (section.prefix !== undefined && typeof section.prefix !== 'string') fail('slack.prefix must be text');
  if (section.api_url !== undefined) checkUrl(section.api_url, 'slack.api_url', fail);
  return {
    botToken,
    appToken,
    ...(section.prefix === undefined ? {} : { prefix: section.prefix }),
    ...(section.api_url === undefined ? {} : { slackApiUrl: section.api_url }),
  };
}

function checkUrl(value: unknown, name: string, fail: Fail): void {
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    fail(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
