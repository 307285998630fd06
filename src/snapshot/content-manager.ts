import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { RunnerRegistry } from '../actions/runner.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Logger } from '../common/logger.js';
import { BUILTIN_TRIGGER_TYPES } from './builtin-trigger-types.js';
import { watchContent, type ContentWatcher } from './content-watcher.js';
import { ContentLoader } from './content-loader.js';
import type { ContentSources } from './content-sources.js';
import type { ReadText } from '../parsing/read-text.js';
import type { ContentSnapshot } from './model/content-snapshot.js';
import type { TriggerType } from './model/trigger-type.js';
import { summarizeSwap } from './summarize-swap.js';

export interface ContentManagerOptions {
  home: string;
  bundledPacksDirs: readonly string[];
  logger: Logger;
  bus: EventBus;
  /** Runner metadata: actions are checked against it and its parameters merge into theirs. */
  runners: RunnerRegistry;
  /** Trigger types of sensors the embedder adds (the built-in sensors' are always known). */
  extraTriggerTypes?: readonly TriggerType[];
  /** How content files are read (tests count reads through it). @default readUtf8 */
  readText?: ReadText;
}

/** What changed at one swap, for whatever must follow the content (sensors, caches). */
export interface SnapshotSwap {
  previous: ContentSnapshot | undefined;
  next: ContentSnapshot;
  /** Files reported changed since the previous swap (absolute paths; empty for a full reload). */
  changedPaths: ReadonlySet<string>;
}

/** Runs after each swap, before `reload()` resolves. Errors are logged, never undo the swap. */
export type SwapListener = (swap: SnapshotSwap) => Promise<void>;

/** Where a stage reads the serving snapshot and follows its changes. */
export interface SnapshotSource {
  current(): ContentSnapshot;
  /** Adds a listener for later swaps; returns its removal. */
  onSwap(listener: SwapListener): () => void;
}

/**
 * Owns the serving snapshot: loads it, reloads beside it and swaps in one assignment, then tells the
 * listeners (sensors, caches) what changed. Only `openContent` makes one, so a manager in hand is
 * always loaded.
 */
export class ContentManager implements SnapshotSource {
  readonly #options: ContentManagerOptions;
  readonly #loader: ContentLoader;
  #snapshot: ContentSnapshot;
  #changedPaths = new Set<string>();
  /** Set when a caller asked for a reload without saying what changed: every stamp is compared. */
  #fullRequested = false;
  #listeners = new Set<SwapListener>();
  #reloading: Promise<ContentSnapshot> | undefined;
  #followUp: Promise<ContentSnapshot> | undefined;
  #watcher: ContentWatcher | undefined;

  private constructor(options: ContentManagerOptions, loader: ContentLoader, first: ContentSnapshot) {
    this.#options = options;
    this.#loader = loader;
    this.#snapshot = first;
  }

  /** Loads the content of a home and returns the manager serving it. */
  static async open(options: ContentManagerOptions): Promise<ContentManager> {
    const loader = new ContentLoader(sourcesOf(options));
    const first = await loader.load();
    const manager = new ContentManager(options, loader, first);
    manager.#report({ previous: undefined, next: first, changedPaths: new Set() });
    return manager;
  }

  current(): ContentSnapshot {
    return this.#snapshot;
  }

  sources(): ContentSources {
    return sourcesOf(this.#options);
  }

  onSwap(listener: SwapListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Builds a new snapshot and swaps it in. While one reload runs, later calls share one follow-up
   * reload that starts after it, so the last write before a call is always seen. With `changed`
   * (files known to have changed, as the watcher reports them) only those and what depends on them
   * are read; without it every file's stamp is compared and the changed ones are read.
   */
  reload(changed?: Iterable<string>): Promise<ContentSnapshot> {
    if (changed) for (const file of changed) this.#changedPaths.add(path.resolve(file));
    else this.#fullRequested = true;
    const running = this.#reloading;
    if (running) {
      this.#followUp ??= running
        .catch(() => undefined)
        .then(() => {
          this.#followUp = undefined;
          return this.reload([]);
        });
      return this.#followUp;
    }
    const started = this.#reload().finally(() => {
      if (this.#reloading === started) this.#reloading = undefined;
    });
    this.#reloading = started;
    return started;
  }

  async #reload(): Promise<ContentSnapshot> {
    const previous = this.#snapshot;
    const changedPaths = this.#changedPaths;
    const full = this.#fullRequested;
    this.#changedPaths = new Set();
    this.#fullRequested = false;
    const next = await this.#loader.load(full ? undefined : changedPaths);
    this.#snapshot = next;
    const swap = { previous, next, changedPaths };
    this.#report(swap);
    for (const listener of [...this.#listeners]) {
      await listener(swap).catch((error: unknown) =>
        this.#options.logger.error({ err: error, version: next.version }, 'content: a swap listener failed'),
      );
    }
    return next;
  }

  /**
   * Reloads when content files change (packs, rules, sensors, configs). A reload already running
   * is followed by one more, so the last write is always seen.
   */
  async watch(): Promise<void> {
    const { home, logger } = this.#options;
    const folders = ['packs', 'rules', 'sensors', 'configs'].map((folder) => path.join(home, folder));
    await Promise.all(folders.map((folder) => mkdir(folder, { recursive: true })));
    this.#watcher = watchContent({
      folders,
      onChange: (paths) => {
        logger.debug({ paths }, 'content files changed; reloading');
        this.reload(paths).catch((error: unknown) => logger.error({ err: error }, 'content: reload failed'));
      },
    });
    await this.#watcher.ready;
  }

  async stop(): Promise<void> {
    await this.#watcher?.close();
    await this.#followUp?.catch(() => undefined);
    await this.#reloading?.catch(() => undefined);
    this.#listeners.clear();
  }

  #report(swap: SnapshotSwap): void {
    const { logger, bus } = this.#options;
    const { summary, newIssues } = summarizeSwap(swap.previous, swap.next);
    logger.info({ version: swap.next.version, issues: swap.next.issues.length }, summary);
    for (const issue of newIssues) {
      const log = issue.severity === 'error' ? logger.error.bind(logger) : logger.warn.bind(logger);
      log(
        { file: issue.file, line: issue.line, code: issue.code, kept_previous: issue.keptPrevious ?? false },
        issue.message,
      );
      bus.publish('content.issue', issue);
    }
    bus.publish('content.reloaded', { version: swap.next.version, summary });
  }
}

function sourcesOf(options: ContentManagerOptions): ContentSources {
  const known = new Set(BUILTIN_TRIGGER_TYPES.map((type) => type.ref));
  return {
    packRoots: [
      ...options.bundledPacksDirs.map((dir) => ({ dir, bundled: true })),
      { dir: path.join(options.home, 'packs'), bundled: false },
    ],
    localDir: options.home,
    // Pack sensors' trigger types come from their metadata files, loaded with the content.
    builtinTriggerTypes: [
      ...BUILTIN_TRIGGER_TYPES,
      ...(options.extraTriggerTypes ?? []).filter((type) => !known.has(type.ref)),
    ],
    runners: options.runners,
    ...(options.readText ? { readText: options.readText } : {}),
  };
}
