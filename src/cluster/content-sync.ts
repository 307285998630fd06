import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { SnapshotSource } from '../snapshot/content-manager.js';
import type { ChangeFeed } from '../store/change-feed.js';
import type { ContentStore } from '../store/content-store.js';
import { packTree, readContentTree, revisionOf, unpackTree, writeContentTree } from './content-archive.js';

export interface ContentSyncOptions {
  home: string;
  nodeId: string;
  store: ContentStore;
  changes?: ChangeFeed;
  content: SnapshotSource & { reload(): Promise<unknown> };
  logger: Logger;
  /** Checks for a newer revision this often besides the change feed. @default 2000 */
  pollMs?: number;
  /** Called after this node serves another revision (its heartbeat says which). */
  onRevision?: (revision: string) => void;
}

export interface ContentSync extends Stage {
  /** The content revision this node serves. */
  revision(): string | null;
}

/**
 * One content, everywhere: the home's content folders are published to the store as a revision
 * when they change here (a pack installed through this node's API, a rule edited on its disk), and
 * every other node replaces its folders with the latest revision and reloads. A node joining a
 * cluster takes the cluster's content; the first node of a cluster publishes its own.
 */
export function createContentSync(options: ContentSyncOptions): ContentSync {
  const { home, store, logger } = options;
  let current: string | null = null;
  let busy: Promise<void> = Promise.resolve();
  let unlisten: (() => void) | undefined;
  let unswap: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let applying = false;
  let stopped = false;

  const serial = (work: () => Promise<void>): Promise<void> => {
    busy = busy.then(work).catch((error: unknown) => {
      logger.error({ err: errorMessage(error) }, 'cluster: content sync failed');
    });
    return busy;
  };

  const serving = (revision: string): void => {
    current = revision;
    options.onRevision?.(revision);
  };

  const publishLocal = async (): Promise<void> => {
    const tree = await readContentTree(home);
    const revision = revisionOf(tree);
    if (revision === current) return;
    await store.putContentRevision({
      ...{ id: revision, node: options.nodeId, created_ms: Date.now() },
      archive: packTree(tree),
    });
    logger.info({ revision, files: tree.size }, 'cluster: published this node’s content');
    serving(revision);
  };

  const apply = async (revision: string): Promise<void> => {
    const found = await store.getContentRevision(revision);
    if (!found) return;
    const tree = unpackTree(found.archive);
    applying = true;
    try {
      await writeContentTree(home, tree, revision);
      current = revision;
      await options.content.reload();
    } finally {
      applying = false;
    }
    logger.info({ revision, from: found.node }, 'cluster: now serving the cluster’s content');
    serving(revision);
  };

  const catchUp = (): Promise<void> =>
    serial(async () => {
      if (stopped) return;
      const latest = await store.latestContentRevision();
      if (latest && latest.id !== current) await apply(latest.id);
    });

  return {
    name: 'content-sync',
    revision: () => current,
    async start() {
      const latest = await store.latestContentRevision();
      const local = revisionOf(await readContentTree(home));
      if (!latest) await serial(publishLocal);
      else if (latest.id === local) serving(local);
      else await serial(() => apply(latest.id));
      unswap = options.content.onSwap(() => {
        // A swap of this node's own making (not the one apply() asked for) may be new content.
        // Not awaited: the reload that called this may be the one a queued apply() waits for.
        if (!applying) serial(publishLocal).catch(() => undefined);
        return Promise.resolve();
      });
      const check = (): void => {
        catchUp().catch(() => undefined);
      };
      if (options.changes) unlisten = await options.changes.listen('content', check);
      timer = setInterval(check, options.pollMs ?? 2_000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      unlisten?.();
      unswap?.();
      await busy;
    },
  };
}
