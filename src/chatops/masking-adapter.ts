import type { ChatAdapter } from './chat-adapter.js';
import type { RefreshingSecretRegistry } from './refreshing-secret-registry.js';

/**
 * The last gate before a chat service: every outgoing text is masked again with the secrets known
 * at that moment (a datastore secret set a second ago included), whatever path produced it.
 */
export function withFreshMasking(adapter: ChatAdapter, secrets: RefreshingSecretRegistry): ChatAdapter {
  return {
    name: adapter.name,
    start: (onMessage) => adapter.start(onMessage),
    stop: () => adapter.stop(),
    postMessage: async (channel, text) => {
      await secrets.refresh();
      await adapter.postMessage(channel, secrets.mask(text));
    },
  };
}
