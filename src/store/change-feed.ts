/** What a store announces to every process using it when another process changed it. */
export type ChangeTopic = 'key_value' | 'content';

/**
 * A listener is told the payload of each change (JSON), or `undefined` after the feed lost and
 * regained its connection: changes may have been missed, re-read everything.
 */
export type ChangeListener = (payload: unknown) => void;

/** Optional store part: a feed of changes committed by any process (PostgreSQL LISTEN/NOTIFY). */
export interface ChangeFeed {
  /** Resolves once listening; the returned function stops. */
  listen(topic: ChangeTopic, listener: ChangeListener): Promise<() => void>;
}
