import type { ChatAdapter } from './chat-adapter.js';

/**
 * The adapter a command from the API or CLI answers through. What is posted while the command is
 * being answered (ack, help, refusal, confirmation prompt) is collected; what is posted after
 * `answered()` (the result) is collected apart and, when given, forwarded to `forward`.
 */
export interface ReplyCollector {
  readonly adapter: ChatAdapter;
  readonly messages: string[];
  readonly results: string[];
  /** Marks the end of the immediate answer. */
  answered(): void;
}

export function createReplyCollector(
  forward?: (channel: string, text: string) => Promise<void>,
): ReplyCollector {
  const messages: string[] = [];
  const results: string[] = [];
  let answering = true;
  return {
    messages,
    results,
    answered: () => {
      answering = false;
    },
    adapter: {
      name: 'reply',
      start: async () => undefined,
      stop: async () => undefined,
      postMessage: async (channel, text) => {
        if (answering) {
          messages.push(text);
          return;
        }
        results.push(text);
        await forward?.(channel, text);
      },
    },
  };
}
