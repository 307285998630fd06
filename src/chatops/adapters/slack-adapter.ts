import { inspect } from 'node:util';

import type { App, Logger as BoltLogger, LogLevel } from '@slack/bolt';

import { BackendError, ValidationError, errorMessage } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { ChatAdapter } from '../chat-adapter.js';

export interface SlackAdapterOptions {
  /** Bot token (`xoxb-…`): reads messages' context and posts answers. */
  botToken: string;
  /** App-level token (`xapp-…`) with `connections:write`, for Socket Mode. */
  appToken: string;
  /**
   * What marks a command in a channel. Messages that mention the bot, and direct messages, need
   * no prefix. @default '!'
   */
  prefix?: string;
  /** Slack Web API base URL. @default 'https://slack.com/api/' */
  slackApiUrl?: string;
  /** Reconnect when Slack drops the socket. @default true */
  autoReconnect?: boolean;
  /** Where Bolt's own log lines go. @default silent */
  logger?: Logger;
}

/** The fields of a Slack `message` event the adapter reads. */
interface SlackMessageEvent {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel?: string;
  channel_type?: string;
}

/**
 * Slack through the official Bolt framework in Socket Mode: no public URL needed. The user is the
 * Slack member id (`U…`), which is what `allowed_users` lists for Slack.
 */
export function createSlackAdapter(options: SlackAdapterOptions): ChatAdapter {
  if (!options.botToken.startsWith('xoxb-') || !options.appToken.startsWith('xapp-')) {
    throw new ValidationError(
      'slack chat adapter: botToken must be a bot token (xoxb-…) and appToken an app-level token (xapp-…)',
      { code: 'E_CHAT_CONFIG' },
    );
  }
  const prefix = options.prefix ?? '!';
  let app: App | undefined;
  return {
    name: 'slack',
    start: async (onMessage) => {
      app = await createApp(options);
      app.message(async ({ message, context }) => {
        const text = commandText(message as SlackMessageEvent, prefix, context.botUserId);
        const event = message as SlackMessageEvent;
        if (text === undefined || event.user === undefined || event.channel === undefined) return;
        await onMessage({ text, user: event.user, channel: event.channel });
      });
      await app.start();
    },
    postMessage: async (channel, text) => {
      if (!app) throw new BackendError('slack chat adapter: not started', { code: 'E_CHAT_NOT_STARTED' });
      try {
        await app.client.chat.postMessage({ channel, text, mrkdwn: true });
      } catch (error) {
        throw new BackendError(
          `slack chat adapter: chat.postMessage to ${channel} failed: ${errorMessage(error)}`,
          {
            code: 'E_CHAT_POST',
            cause: error,
          },
        );
      }
    },
    stop: async () => {
      const running = app;
      app = undefined;
      await running?.stop();
    },
  };
}

async function createApp(options: SlackAdapterOptions): Promise<App> {
  const bolt = await import('@slack/bolt').catch((error: unknown) => {
    throw new BackendError(
      'slack chat adapter: @slack/bolt is not installed; run `npm install @slack/bolt`',
      {
        code: 'E_CHAT_DEPENDENCY',
        cause: error,
      },
    );
  });
  const clientOptions = options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl };
  const logger = boltLogger(options.logger ?? silentLogger(), bolt.LogLevel.INFO);
  const receiver = new bolt.SocketModeReceiver({
    appToken: options.appToken,
    logger,
    autoReconnectEnabled: options.autoReconnect ?? true,
    installerOptions: { clientOptions },
  });
  return new bolt.App({ token: options.botToken, receiver, clientOptions, logger });
}

/** Bolt's logger interface over Squall's pino logger; pino's level decides what is kept. */
function boltLogger(logger: Logger, level: LogLevel): BoltLogger {
  const line = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 3 }))).join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug({ adapter: 'slack' }, line(parts)),
    info: (...parts: unknown[]) => logger.info({ adapter: 'slack' }, line(parts)),
    warn: (...parts: unknown[]) => logger.warn({ adapter: 'slack' }, line(parts)),
    error: (...parts: unknown[]) => logger.error({ adapter: 'slack' }, line(parts)),
    setLevel: () => {},
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The command in a message, or undefined when the message is not for Squall: edits, bot posts and
 * channel chatter without the prefix or a mention are ignored.
 */
export function commandText(
  event: SlackMessageEvent,
  prefix: string,
  botUserId?: string,
): string | undefined {
  if (event.subtype !== undefined || event.bot_id !== undefined || typeof event.text !== 'string')
    return undefined;
  let text = event.text.trim();
  const mention = botUserId === undefined ? undefined : `<@${botUserId}>`;
  if (mention !== undefined && text.startsWith(mention)) {
    text = text.slice(mention.length).replace(/^[\s:,]+/, '');
  } else if (prefix !== '' && text.startsWith(prefix)) {
    text = text.slice(prefix.length);
  } else if (event.channel_type !== 'im') {
    return undefined;
  }
  const command = unescapeSlackText(text).trim();
  return command === '' ? undefined : command;
}

/** Slack sends `<https://x|x>` for links and HTML-escapes `&<>`; commands need the plain text. */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
