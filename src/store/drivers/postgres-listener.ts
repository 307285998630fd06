import type { Client, Notification } from 'pg';

import type { ChangeFeed, ChangeListener, ChangeTopic } from '../change-feed.js';
import type { loadPg } from './postgres-setup.js';

type PgModule = Awaited<ReturnType<typeof loadPg>>;

/**
 * LISTEN on one connection of its own for the schema's change channels (`<schema>_<topic>`, sent
 * by triggers when a transaction commits). A lost connection is reopened with backoff, and then
 * every listener is told to re-read (changes may have been missed meanwhile).
 */
export function createPostgresChangeFeed(pg: PgModule, url: string, schema: string) {
  const listeners = new Map<ChangeTopic, Set<ChangeListener>>();
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let closed = false;
  let backoffMs = 100;
  const channel = (topic: ChangeTopic) => `${schema}_${topic}`;

  const deliver = (message: Notification): void => {
    const topic = [...listeners.keys()].find((candidate) => channel(candidate) === message.channel);
    if (!topic) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message.payload ?? 'null');
    } catch {
      return;
    }
    for (const listener of listeners.get(topic) ?? []) listener(payload);
  };

  const reconnect = (): void => {
    client = undefined;
    connecting = undefined;
    if (closed) return;
    setTimeout(() => {
      connect()
        .then(() => {
          backoffMs = 100;
          for (const set of listeners.values()) for (const listener of set) listener(undefined);
        })
        .catch(reconnect);
    }, backoffMs).unref();
    backoffMs = Math.min(backoffMs * 2, 5_000);
  };

  const connect = (): Promise<Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: url });
      next.on('notification', deliver);
      next.on('error', () => undefined);
      await next.connect();
      for (const topic of listeners.keys()) await next.query(`LISTEN "${channel(topic)}"`);
      next.on('end', reconnect);
      client = next;
      return next;
    })();
    return connecting;
  };

  const feed: ChangeFeed & { close(): Promise<void> } = {
    async listen(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      const first = set.size === 0;
      set.add(listener);
      listeners.set(topic, set);
      const listening = await connect();
      if (first) await listening.query(`LISTEN "${channel(topic)}"`);
      return () => set.delete(listener);
    },
    async close() {
      closed = true;
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
  return feed;
}
