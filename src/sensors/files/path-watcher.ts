import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

import { watch, type FSWatcher } from 'chokidar';

import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { FileEvent } from './file-trigger-types.js';

export interface PathEvent {
  path: string;
  event: FileEvent;
  size: number | null;
  mtime: string | null;
}

export interface PathWatchOptions {
  path: string;
  events: readonly FileEvent[];
  recursive: boolean;
}

/** How long a file's size must stay unchanged before its add or change is reported. */
export const WRITE_SETTLE_MS = 200;

/**
 * Reports files added, changed or removed at a path: a file (existing or not yet) or a folder's
 * files. chokidar watches the folder itself; folders are never reported, only files.
 */
export class PathWatcher {
  private watcher: FSWatcher | undefined;

  constructor(
    private readonly options: PathWatchOptions,
    private readonly onEvent: (event: PathEvent) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const target = path.resolve(this.options.path);
    const info = await stat(target).catch(() => undefined);
    const folder = info?.isDirectory() === true;
    // A file (maybe not created yet) is watched through its folder, which is reliable where watching
    // a missing path is not; events for its siblings are filtered out.
    const watcher = watch(folder ? target : path.dirname(target), {
      ignoreInitial: true,
      alwaysStat: true,
      // A file being written is reported once its size has settled, not as the empty file that
      // exists between its creation and the first write.
      awaitWriteFinish: { stabilityThreshold: WRITE_SETTLE_MS, pollInterval: 50 },
      ...(folder && this.options.recursive ? {} : { depth: 0 }),
    });
    this.watcher = watcher;
    const wanted = new Set<string>(this.options.events);
    watcher.on('all', (event, file, stats?: Stats) => {
      if (!wanted.has(event) || (!folder && file !== target)) return;
      this.onEvent({
        path: file,
        event: event as FileEvent,
        size: event === 'unlink' || !stats ? null : stats.size,
        mtime: event === 'unlink' || !stats ? null : stats.mtime.toISOString(),
      }).catch((error: unknown) =>
        this.logger.error({ path: file, err: errorMessage(error) }, 'file event handling failed'),
      );
    });
    watcher.on('error', (error) =>
      this.logger.warn({ path: target, err: errorMessage(error) }, 'watch error'),
    );
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async stop(): Promise<void> {
    await this.watcher?.close();
  }
}
