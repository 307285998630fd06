import path from 'node:path';

import { watch, type FSWatcher } from 'chokidar';

export interface ContentWatcherOptions {
  /** Folders to watch (recursively). Missing ones are picked up when they appear. */
  folders: readonly string[];
  /** Called once per burst of changes, with the paths that changed. */
  onChange: (paths: string[]) => void;
  /**
   * Quiet time that ends a burst (a `git checkout`, an editor's save-rename): one reload for all of it.
   * @default 80
   */
  debounceMs?: number;
}

export interface ContentWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

const IGNORED_SEGMENTS = new Set(['.git', 'node_modules']);
// Folders pack install and remove use while swapping a pack in or out.
const TRANSIENT_PREFIXES = ['.staging-', '.previous-', '.removing-', '.old-'];

/** True for paths whose changes never alter content: VCS folders, staging copies, editor swap files. */
export function isIgnoredContentPath(file: string): boolean {
  const base = path.basename(file);
  if (TRANSIENT_PREFIXES.some((prefix) => base.startsWith(prefix))) return true;
  if (/(~|\.sw[px]|\.tmp|#)$/.test(base) || base.startsWith('.#')) return true;
  return file
    .split(path.sep)
    .some(
      (segment) =>
        IGNORED_SEGMENTS.has(segment) || TRANSIENT_PREFIXES.some((prefix) => segment.startsWith(prefix)),
    );
}

/** Watches the content folders with chokidar and reports debounced bursts of changes. */
export function watchContent(options: ContentWatcherOptions): ContentWatcher {
  const debounceMs = options.debounceMs ?? 80;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const paths = [...pending];
    pending = new Set();
    if (paths.length > 0) options.onChange(paths);
  };
  const watcher: FSWatcher = watch([...options.folders], {
    ignoreInitial: true,
    ignored: (file: string) => isIgnoredContentPath(file),
    followSymlinks: true,
  });
  watcher.on('all', (_event, file) => {
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
