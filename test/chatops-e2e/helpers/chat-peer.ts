import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PeerPost {
  channel: string;
  text: string;
}

/**
 * The chat service side of the webhook adapter, as a real HTTP server on 127.0.0.1: it receives
 * Squall's answers on its incoming-webhook URL and sends commands like a Mattermost outgoing webhook.
 */
export interface ChatPeer {
  /** Where Squall posts answers (`chatops.webhook.outgoing_url`). */
  readonly url: string;
  readonly posts: PeerPost[];
  /** Sends a command to Squall's incoming route as the chat service would. */
  send(
    squallUrl: string,
    fields: { text: string; user_name: string; channel_name: string; token: string },
  ): Promise<number>;
  /** Resolves with the first post (counting from `from`) that satisfies `test`. */
  waitForPost(
    test: (post: PeerPost) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<PeerPost>;
  close(): Promise<void>;
}

export async function startChatPeer(): Promise<ChatPeer> {
  const posts: PeerPost[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { channel?: unknown; text?: unknown };
      posts.push({ channel: String(parsed.channel), text: String(parsed.text) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/incoming`,
    posts,
    async send(squallUrl, fields) {
      // Mattermost sends its outgoing webhooks form-encoded.
      const response = await fetch(`${squallUrl}/api/v1/chatops/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      await response.body?.cancel();
      return response.status;
    },
    async waitForPost(test, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        const found = posts.slice(options.from ?? 0).find(test);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(`no matching post in time; posts so far:\n${JSON.stringify(posts, null, 2)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
